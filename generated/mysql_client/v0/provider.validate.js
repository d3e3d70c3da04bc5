// generated from schema/mysql_client/v0/provider.json by relgen; do not edit.
//
// ajv standalone validators of the decoded bags of mysql_client (provider side).
import { ucs2length } from "../../../src/runtime/formats.js";

export const contentSecretUserPartial = validate52;
const schema19 = {
  type: "object",
  properties: {
    username: { type: "string", minLength: 1 },
    password: { type: "string", minLength: 1 },
  },
};
const func1 = ucs2length;

function validate52(
  data,
  { instancePath = "", parentData, parentDataProperty, rootData = data, dynamicAnchors = {} } = {},
) {
  let vErrors = null;
  let errors = 0;
  const evaluated0 = validate52.evaluated;
  if (evaluated0.dynamicProps) {
    evaluated0.props = undefined;
  }
  if (evaluated0.dynamicItems) {
    evaluated0.items = undefined;
  }
  if (data && typeof data == "object" && !Array.isArray(data)) {
    if (data.username !== undefined) {
      let data0 = data.username;
      if (typeof data0 === "string") {
        if (func1(data0) < 1) {
          const err0 = {
            instancePath: instancePath + "/username",
            schemaPath: "#/properties/username/minLength",
            keyword: "minLength",
            params: { limit: 1 },
            message: "must NOT have fewer than 1 characters",
          };
          if (vErrors === null) {
            vErrors = [err0];
          } else {
            vErrors.push(err0);
          }
          errors++;
        }
      } else {
        const err1 = {
          instancePath: instancePath + "/username",
          schemaPath: "#/properties/username/type",
          keyword: "type",
          params: { type: "string" },
          message: "must be string",
        };
        if (vErrors === null) {
          vErrors = [err1];
        } else {
          vErrors.push(err1);
        }
        errors++;
      }
    }
    if (data.password !== undefined) {
      let data1 = data.password;
      if (typeof data1 === "string") {
        if (func1(data1) < 1) {
          const err2 = {
            instancePath: instancePath + "/password",
            schemaPath: "#/properties/password/minLength",
            keyword: "minLength",
            params: { limit: 1 },
            message: "must NOT have fewer than 1 characters",
          };
          if (vErrors === null) {
            vErrors = [err2];
          } else {
            vErrors.push(err2);
          }
          errors++;
        }
      } else {
        const err3 = {
          instancePath: instancePath + "/password",
          schemaPath: "#/properties/password/type",
          keyword: "type",
          params: { type: "string" },
          message: "must be string",
        };
        if (vErrors === null) {
          vErrors = [err3];
        } else {
          vErrors.push(err3);
        }
        errors++;
      }
    }
  } else {
    const err4 = {
      instancePath,
      schemaPath: "#/type",
      keyword: "type",
      params: { type: "object" },
      message: "must be object",
    };
    if (vErrors === null) {
      vErrors = [err4];
    } else {
      vErrors.push(err4);
    }
    errors++;
  }
  validate52.errors = vErrors;
  return errors === 0;
}
validate52.evaluated = {
  props: { username: true, password: true },
  dynamicProps: false,
  dynamicItems: false,
};

export const contentSecretUser = validate53;
const schema20 = { $ref: "contentSecretUserPartial", required: ["username", "password"] };

function validate53(
  data,
  { instancePath = "", parentData, parentDataProperty, rootData = data, dynamicAnchors = {} } = {},
) {
  let vErrors = null;
  let errors = 0;
  const evaluated0 = validate53.evaluated;
  if (evaluated0.dynamicProps) {
    evaluated0.props = undefined;
  }
  if (evaluated0.dynamicItems) {
    evaluated0.items = undefined;
  }
  if (
    !validate52(data, { instancePath, parentData, parentDataProperty, rootData, dynamicAnchors })
  ) {
    vErrors = vErrors === null ? validate52.errors : vErrors.concat(validate52.errors);
    errors = vErrors.length;
  }
  if (data && typeof data == "object" && !Array.isArray(data)) {
    if (data.username === undefined) {
      const err0 = {
        instancePath,
        schemaPath: "#/required",
        keyword: "required",
        params: { missingProperty: "username" },
        message: "must have required property '" + "username" + "'",
      };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    if (data.password === undefined) {
      const err1 = {
        instancePath,
        schemaPath: "#/required",
        keyword: "required",
        params: { missingProperty: "password" },
        message: "must have required property '" + "password" + "'",
      };
      if (vErrors === null) {
        vErrors = [err1];
      } else {
        vErrors.push(err1);
      }
      errors++;
    }
  }
  validate53.errors = vErrors;
  return errors === 0;
}
validate53.evaluated = {
  props: { username: true, password: true },
  dynamicProps: false,
  dynamicItems: false,
};

export const appPartial = validate55;
const schema21 = {
  type: "object",
  properties: {
    database: { type: "string", minLength: 1 },
    username: { type: "string", minLength: 1 },
    password: { type: "string", minLength: 1 },
    endpoints: {
      type: "string",
      pattern:
        "^([^,:\\[\\]]+|\\[[0-9A-Fa-f:.]+\\]):[0-9]+(,([^,:\\[\\]]+|" +
        "\\[[0-9A-Fa-f:.]+\\]):[0-9]+)*$",
    },
    "secret-user": { type: "string", pattern: "^secret:" },
    uris: { anyOf: [{ type: "string" }, { type: "null" }] },
    "read-only-endpoints": { anyOf: [{ type: "string" }, { type: "null" }] },
    "read-only-uris": { anyOf: [{ type: "string" }, { type: "null" }] },
    version: { anyOf: [{ type: "string" }, { type: "null" }] },
    "entity-name": { anyOf: [{ type: "string" }, { type: "null" }] },
    "entity-password": { anyOf: [{ type: "string" }, { type: "null" }] },
  },
};
const pattern3 = new RegExp(
  "^([^,:\\[\\]]+|\\[[0-9A-Fa-f:.]+\\]):[0-9]+(,([^,:\\[\\]]+|" + "\\[[0-9A-Fa-f:.]+\\]):[0-9]+)*$",
  "u",
);
const pattern4 = new RegExp("^secret:", "u");

function validate55(
  data,
  { instancePath = "", parentData, parentDataProperty, rootData = data, dynamicAnchors = {} } = {},
) {
  let vErrors = null;
  let errors = 0;
  const evaluated0 = validate55.evaluated;
  if (evaluated0.dynamicProps) {
    evaluated0.props = undefined;
  }
  if (evaluated0.dynamicItems) {
    evaluated0.items = undefined;
  }
  if (data && typeof data == "object" && !Array.isArray(data)) {
    if (data.database !== undefined) {
      let data0 = data.database;
      if (typeof data0 === "string") {
        if (func1(data0) < 1) {
          const err0 = {
            instancePath: instancePath + "/database",
            schemaPath: "#/properties/database/minLength",
            keyword: "minLength",
            params: { limit: 1 },
            message: "must NOT have fewer than 1 characters",
          };
          if (vErrors === null) {
            vErrors = [err0];
          } else {
            vErrors.push(err0);
          }
          errors++;
        }
      } else {
        const err1 = {
          instancePath: instancePath + "/database",
          schemaPath: "#/properties/database/type",
          keyword: "type",
          params: { type: "string" },
          message: "must be string",
        };
        if (vErrors === null) {
          vErrors = [err1];
        } else {
          vErrors.push(err1);
        }
        errors++;
      }
    }
    if (data.username !== undefined) {
      let data1 = data.username;
      if (typeof data1 === "string") {
        if (func1(data1) < 1) {
          const err2 = {
            instancePath: instancePath + "/username",
            schemaPath: "#/properties/username/minLength",
            keyword: "minLength",
            params: { limit: 1 },
            message: "must NOT have fewer than 1 characters",
          };
          if (vErrors === null) {
            vErrors = [err2];
          } else {
            vErrors.push(err2);
          }
          errors++;
        }
      } else {
        const err3 = {
          instancePath: instancePath + "/username",
          schemaPath: "#/properties/username/type",
          keyword: "type",
          params: { type: "string" },
          message: "must be string",
        };
        if (vErrors === null) {
          vErrors = [err3];
        } else {
          vErrors.push(err3);
        }
        errors++;
      }
    }
    if (data.password !== undefined) {
      let data2 = data.password;
      if (typeof data2 === "string") {
        if (func1(data2) < 1) {
          const err4 = {
            instancePath: instancePath + "/password",
            schemaPath: "#/properties/password/minLength",
            keyword: "minLength",
            params: { limit: 1 },
            message: "must NOT have fewer than 1 characters",
          };
          if (vErrors === null) {
            vErrors = [err4];
          } else {
            vErrors.push(err4);
          }
          errors++;
        }
      } else {
        const err5 = {
          instancePath: instancePath + "/password",
          schemaPath: "#/properties/password/type",
          keyword: "type",
          params: { type: "string" },
          message: "must be string",
        };
        if (vErrors === null) {
          vErrors = [err5];
        } else {
          vErrors.push(err5);
        }
        errors++;
      }
    }
    if (data.endpoints !== undefined) {
      let data3 = data.endpoints;
      if (typeof data3 === "string") {
        if (!pattern3.test(data3)) {
          const err6 = {
            instancePath: instancePath + "/endpoints",
            schemaPath: "#/properties/endpoints/pattern",
            keyword: "pattern",
            params: {
              pattern:
                "^([^,:\\[\\]]+|\\[[0-9A-Fa-f:.]+\\]):[0-9]+(,([^,:\\[\\]]+|" +
                "\\[[0-9A-Fa-f:.]+\\]):[0-9]+)*$",
            },
            message:
              'must match pattern "' +
              "^([^,:\\[\\]]+|\\[[0-9A-Fa-f:.]+\\]):[0-9]+(,([^,:\\[\\]]+|" +
              "\\[[0-9A-Fa-f:.]+\\]):[0-9]+)*$" +
              '"',
          };
          if (vErrors === null) {
            vErrors = [err6];
          } else {
            vErrors.push(err6);
          }
          errors++;
        }
      } else {
        const err7 = {
          instancePath: instancePath + "/endpoints",
          schemaPath: "#/properties/endpoints/type",
          keyword: "type",
          params: { type: "string" },
          message: "must be string",
        };
        if (vErrors === null) {
          vErrors = [err7];
        } else {
          vErrors.push(err7);
        }
        errors++;
      }
    }
    if (data["secret-user"] !== undefined) {
      let data4 = data["secret-user"];
      if (typeof data4 === "string") {
        if (!pattern4.test(data4)) {
          const err8 = {
            instancePath: instancePath + "/secret-user",
            schemaPath: "#/properties/secret-user/pattern",
            keyword: "pattern",
            params: { pattern: "^secret:" },
            message: 'must match pattern "' + "^secret:" + '"',
          };
          if (vErrors === null) {
            vErrors = [err8];
          } else {
            vErrors.push(err8);
          }
          errors++;
        }
      } else {
        const err9 = {
          instancePath: instancePath + "/secret-user",
          schemaPath: "#/properties/secret-user/type",
          keyword: "type",
          params: { type: "string" },
          message: "must be string",
        };
        if (vErrors === null) {
          vErrors = [err9];
        } else {
          vErrors.push(err9);
        }
        errors++;
      }
    }
    if (data.uris !== undefined) {
      let data5 = data.uris;
      const _errs12 = errors;
      let valid1 = false;
      const _errs13 = errors;
      if (typeof data5 !== "string") {
        const err10 = {
          instancePath: instancePath + "/uris",
          schemaPath: "#/properties/uris/anyOf/0/type",
          keyword: "type",
          params: { type: "string" },
          message: "must be string",
        };
        if (vErrors === null) {
          vErrors = [err10];
        } else {
          vErrors.push(err10);
        }
        errors++;
      }
      var _valid0 = _errs13 === errors;
      valid1 = valid1 || _valid0;
      const _errs15 = errors;
      if (data5 !== null) {
        const err11 = {
          instancePath: instancePath + "/uris",
          schemaPath: "#/properties/uris/anyOf/1/type",
          keyword: "type",
          params: { type: "null" },
          message: "must be null",
        };
        if (vErrors === null) {
          vErrors = [err11];
        } else {
          vErrors.push(err11);
        }
        errors++;
      }
      var _valid0 = _errs15 === errors;
      valid1 = valid1 || _valid0;
      if (!valid1) {
        const err12 = {
          instancePath: instancePath + "/uris",
          schemaPath: "#/properties/uris/anyOf",
          keyword: "anyOf",
          params: {},
          message: "must match a schema in anyOf",
        };
        if (vErrors === null) {
          vErrors = [err12];
        } else {
          vErrors.push(err12);
        }
        errors++;
      } else {
        errors = _errs12;
        if (vErrors !== null) {
          if (_errs12) {
            vErrors.length = _errs12;
          } else {
            vErrors = null;
          }
        }
      }
    }
    if (data["read-only-endpoints"] !== undefined) {
      let data6 = data["read-only-endpoints"];
      const _errs18 = errors;
      let valid2 = false;
      const _errs19 = errors;
      if (typeof data6 !== "string") {
        const err13 = {
          instancePath: instancePath + "/read-only-endpoints",
          schemaPath: "#/properties/read-only-endpoints/anyOf/0/type",
          keyword: "type",
          params: { type: "string" },
          message: "must be string",
        };
        if (vErrors === null) {
          vErrors = [err13];
        } else {
          vErrors.push(err13);
        }
        errors++;
      }
      var _valid1 = _errs19 === errors;
      valid2 = valid2 || _valid1;
      const _errs21 = errors;
      if (data6 !== null) {
        const err14 = {
          instancePath: instancePath + "/read-only-endpoints",
          schemaPath: "#/properties/read-only-endpoints/anyOf/1/type",
          keyword: "type",
          params: { type: "null" },
          message: "must be null",
        };
        if (vErrors === null) {
          vErrors = [err14];
        } else {
          vErrors.push(err14);
        }
        errors++;
      }
      var _valid1 = _errs21 === errors;
      valid2 = valid2 || _valid1;
      if (!valid2) {
        const err15 = {
          instancePath: instancePath + "/read-only-endpoints",
          schemaPath: "#/properties/read-only-endpoints/anyOf",
          keyword: "anyOf",
          params: {},
          message: "must match a schema in anyOf",
        };
        if (vErrors === null) {
          vErrors = [err15];
        } else {
          vErrors.push(err15);
        }
        errors++;
      } else {
        errors = _errs18;
        if (vErrors !== null) {
          if (_errs18) {
            vErrors.length = _errs18;
          } else {
            vErrors = null;
          }
        }
      }
    }
    if (data["read-only-uris"] !== undefined) {
      let data7 = data["read-only-uris"];
      const _errs24 = errors;
      let valid3 = false;
      const _errs25 = errors;
      if (typeof data7 !== "string") {
        const err16 = {
          instancePath: instancePath + "/read-only-uris",
          schemaPath: "#/properties/read-only-uris/anyOf/0/type",
          keyword: "type",
          params: { type: "string" },
          message: "must be string",
        };
        if (vErrors === null) {
          vErrors = [err16];
        } else {
          vErrors.push(err16);
        }
        errors++;
      }
      var _valid2 = _errs25 === errors;
      valid3 = valid3 || _valid2;
      const _errs27 = errors;
      if (data7 !== null) {
        const err17 = {
          instancePath: instancePath + "/read-only-uris",
          schemaPath: "#/properties/read-only-uris/anyOf/1/type",
          keyword: "type",
          params: { type: "null" },
          message: "must be null",
        };
        if (vErrors === null) {
          vErrors = [err17];
        } else {
          vErrors.push(err17);
        }
        errors++;
      }
      var _valid2 = _errs27 === errors;
      valid3 = valid3 || _valid2;
      if (!valid3) {
        const err18 = {
          instancePath: instancePath + "/read-only-uris",
          schemaPath: "#/properties/read-only-uris/anyOf",
          keyword: "anyOf",
          params: {},
          message: "must match a schema in anyOf",
        };
        if (vErrors === null) {
          vErrors = [err18];
        } else {
          vErrors.push(err18);
        }
        errors++;
      } else {
        errors = _errs24;
        if (vErrors !== null) {
          if (_errs24) {
            vErrors.length = _errs24;
          } else {
            vErrors = null;
          }
        }
      }
    }
    if (data.version !== undefined) {
      let data8 = data.version;
      const _errs30 = errors;
      let valid4 = false;
      const _errs31 = errors;
      if (typeof data8 !== "string") {
        const err19 = {
          instancePath: instancePath + "/version",
          schemaPath: "#/properties/version/anyOf/0/type",
          keyword: "type",
          params: { type: "string" },
          message: "must be string",
        };
        if (vErrors === null) {
          vErrors = [err19];
        } else {
          vErrors.push(err19);
        }
        errors++;
      }
      var _valid3 = _errs31 === errors;
      valid4 = valid4 || _valid3;
      const _errs33 = errors;
      if (data8 !== null) {
        const err20 = {
          instancePath: instancePath + "/version",
          schemaPath: "#/properties/version/anyOf/1/type",
          keyword: "type",
          params: { type: "null" },
          message: "must be null",
        };
        if (vErrors === null) {
          vErrors = [err20];
        } else {
          vErrors.push(err20);
        }
        errors++;
      }
      var _valid3 = _errs33 === errors;
      valid4 = valid4 || _valid3;
      if (!valid4) {
        const err21 = {
          instancePath: instancePath + "/version",
          schemaPath: "#/properties/version/anyOf",
          keyword: "anyOf",
          params: {},
          message: "must match a schema in anyOf",
        };
        if (vErrors === null) {
          vErrors = [err21];
        } else {
          vErrors.push(err21);
        }
        errors++;
      } else {
        errors = _errs30;
        if (vErrors !== null) {
          if (_errs30) {
            vErrors.length = _errs30;
          } else {
            vErrors = null;
          }
        }
      }
    }
    if (data["entity-name"] !== undefined) {
      let data9 = data["entity-name"];
      const _errs36 = errors;
      let valid5 = false;
      const _errs37 = errors;
      if (typeof data9 !== "string") {
        const err22 = {
          instancePath: instancePath + "/entity-name",
          schemaPath: "#/properties/entity-name/anyOf/0/type",
          keyword: "type",
          params: { type: "string" },
          message: "must be string",
        };
        if (vErrors === null) {
          vErrors = [err22];
        } else {
          vErrors.push(err22);
        }
        errors++;
      }
      var _valid4 = _errs37 === errors;
      valid5 = valid5 || _valid4;
      const _errs39 = errors;
      if (data9 !== null) {
        const err23 = {
          instancePath: instancePath + "/entity-name",
          schemaPath: "#/properties/entity-name/anyOf/1/type",
          keyword: "type",
          params: { type: "null" },
          message: "must be null",
        };
        if (vErrors === null) {
          vErrors = [err23];
        } else {
          vErrors.push(err23);
        }
        errors++;
      }
      var _valid4 = _errs39 === errors;
      valid5 = valid5 || _valid4;
      if (!valid5) {
        const err24 = {
          instancePath: instancePath + "/entity-name",
          schemaPath: "#/properties/entity-name/anyOf",
          keyword: "anyOf",
          params: {},
          message: "must match a schema in anyOf",
        };
        if (vErrors === null) {
          vErrors = [err24];
        } else {
          vErrors.push(err24);
        }
        errors++;
      } else {
        errors = _errs36;
        if (vErrors !== null) {
          if (_errs36) {
            vErrors.length = _errs36;
          } else {
            vErrors = null;
          }
        }
      }
    }
    if (data["entity-password"] !== undefined) {
      let data10 = data["entity-password"];
      const _errs42 = errors;
      let valid6 = false;
      const _errs43 = errors;
      if (typeof data10 !== "string") {
        const err25 = {
          instancePath: instancePath + "/entity-password",
          schemaPath: "#/properties/entity-password/anyOf/0/type",
          keyword: "type",
          params: { type: "string" },
          message: "must be string",
        };
        if (vErrors === null) {
          vErrors = [err25];
        } else {
          vErrors.push(err25);
        }
        errors++;
      }
      var _valid5 = _errs43 === errors;
      valid6 = valid6 || _valid5;
      const _errs45 = errors;
      if (data10 !== null) {
        const err26 = {
          instancePath: instancePath + "/entity-password",
          schemaPath: "#/properties/entity-password/anyOf/1/type",
          keyword: "type",
          params: { type: "null" },
          message: "must be null",
        };
        if (vErrors === null) {
          vErrors = [err26];
        } else {
          vErrors.push(err26);
        }
        errors++;
      }
      var _valid5 = _errs45 === errors;
      valid6 = valid6 || _valid5;
      if (!valid6) {
        const err27 = {
          instancePath: instancePath + "/entity-password",
          schemaPath: "#/properties/entity-password/anyOf",
          keyword: "anyOf",
          params: {},
          message: "must match a schema in anyOf",
        };
        if (vErrors === null) {
          vErrors = [err27];
        } else {
          vErrors.push(err27);
        }
        errors++;
      } else {
        errors = _errs42;
        if (vErrors !== null) {
          if (_errs42) {
            vErrors.length = _errs42;
          } else {
            vErrors = null;
          }
        }
      }
    }
  } else {
    const err28 = {
      instancePath,
      schemaPath: "#/type",
      keyword: "type",
      params: { type: "object" },
      message: "must be object",
    };
    if (vErrors === null) {
      vErrors = [err28];
    } else {
      vErrors.push(err28);
    }
    errors++;
  }
  validate55.errors = vErrors;
  return errors === 0;
}
validate55.evaluated = {
  props: {
    database: true,
    username: true,
    password: true,
    endpoints: true,
    "secret-user": true,
    uris: true,
    "read-only-endpoints": true,
    "read-only-uris": true,
    version: true,
    "entity-name": true,
    "entity-password": true,
  },
  dynamicProps: false,
  dynamicItems: false,
};

export const app = validate56;
const schema22 = { $ref: "appPartial", required: ["database", "endpoints"] };

function validate56(
  data,
  { instancePath = "", parentData, parentDataProperty, rootData = data, dynamicAnchors = {} } = {},
) {
  let vErrors = null;
  let errors = 0;
  const evaluated0 = validate56.evaluated;
  if (evaluated0.dynamicProps) {
    evaluated0.props = undefined;
  }
  if (evaluated0.dynamicItems) {
    evaluated0.items = undefined;
  }
  if (
    !validate55(data, { instancePath, parentData, parentDataProperty, rootData, dynamicAnchors })
  ) {
    vErrors = vErrors === null ? validate55.errors : vErrors.concat(validate55.errors);
    errors = vErrors.length;
  }
  if (data && typeof data == "object" && !Array.isArray(data)) {
    if (data.database === undefined) {
      const err0 = {
        instancePath,
        schemaPath: "#/required",
        keyword: "required",
        params: { missingProperty: "database" },
        message: "must have required property '" + "database" + "'",
      };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    if (data.endpoints === undefined) {
      const err1 = {
        instancePath,
        schemaPath: "#/required",
        keyword: "required",
        params: { missingProperty: "endpoints" },
        message: "must have required property '" + "endpoints" + "'",
      };
      if (vErrors === null) {
        vErrors = [err1];
      } else {
        vErrors.push(err1);
      }
      errors++;
    }
  }
  validate56.errors = vErrors;
  return errors === 0;
}
validate56.evaluated = {
  props: {
    database: true,
    username: true,
    password: true,
    endpoints: true,
    "secret-user": true,
    uris: true,
    "read-only-endpoints": true,
    "read-only-uris": true,
    version: true,
    "entity-name": true,
    "entity-password": true,
  },
  dynamicProps: false,
  dynamicItems: false,
};
