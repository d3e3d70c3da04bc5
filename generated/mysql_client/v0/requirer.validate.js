// generated from schema/mysql_client/v0/requirer.json by relgen; do not edit.
//
// ajv standalone validators of the decoded bags of mysql_client (requirer side).
import { ucs2length } from "../../../src/runtime/formats.js";

export const appPartial = validate52;
const schema19 = {
  type: "object",
  properties: {
    database: { type: "string", minLength: 1 },
    "requested-secrets": {
      type: "array",
      items: { type: "string", minLength: 1 },
      uniqueItems: true,
    },
    "extra-user-roles": { anyOf: [{ type: "string" }, { type: "null" }] },
    "extra-group-roles": { anyOf: [{ type: "string" }, { type: "null" }] },
    "entity-type": { anyOf: [{ type: "string" }, { type: "null" }] },
    "entity-permissions": { anyOf: [{ type: "string" }, { type: "null" }] },
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
    if (data["requested-secrets"] !== undefined) {
      let data1 = data["requested-secrets"];
      if (Array.isArray(data1)) {
        const len0 = data1.length;
        for (let i0 = 0; i0 < len0; i0++) {
          let data2 = data1[i0];
          if (typeof data2 === "string") {
            if (func1(data2) < 1) {
              const err2 = {
                instancePath: instancePath + "/requested-secrets/" + i0,
                schemaPath: "#/properties/requested-secrets/items/minLength",
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
              instancePath: instancePath + "/requested-secrets/" + i0,
              schemaPath: "#/properties/requested-secrets/items/type",
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
        let i1 = data1.length;
        let j0;
        if (i1 > 1) {
          const indices0 = {};
          for (; i1--;) {
            let item0 = data1[i1];
            if (typeof item0 !== "string") {
              continue;
            }
            if (typeof indices0[item0] == "number") {
              j0 = indices0[item0];
              const err4 = {
                instancePath: instancePath + "/requested-secrets",
                schemaPath: "#/properties/requested-secrets/uniqueItems",
                keyword: "uniqueItems",
                params: { i: i1, j: j0 },
                message:
                  "must NOT have duplicate items (items ## " +
                  j0 +
                  " and " +
                  i1 +
                  " are identical)",
              };
              if (vErrors === null) {
                vErrors = [err4];
              } else {
                vErrors.push(err4);
              }
              errors++;
              break;
            }
            indices0[item0] = i1;
          }
        }
      } else {
        const err5 = {
          instancePath: instancePath + "/requested-secrets",
          schemaPath: "#/properties/requested-secrets/type",
          keyword: "type",
          params: { type: "array" },
          message: "must be array",
        };
        if (vErrors === null) {
          vErrors = [err5];
        } else {
          vErrors.push(err5);
        }
        errors++;
      }
    }
    if (data["extra-user-roles"] !== undefined) {
      let data3 = data["extra-user-roles"];
      const _errs8 = errors;
      let valid4 = false;
      const _errs9 = errors;
      if (typeof data3 !== "string") {
        const err6 = {
          instancePath: instancePath + "/extra-user-roles",
          schemaPath: "#/properties/extra-user-roles/anyOf/0/type",
          keyword: "type",
          params: { type: "string" },
          message: "must be string",
        };
        if (vErrors === null) {
          vErrors = [err6];
        } else {
          vErrors.push(err6);
        }
        errors++;
      }
      var _valid0 = _errs9 === errors;
      valid4 = valid4 || _valid0;
      const _errs11 = errors;
      if (data3 !== null) {
        const err7 = {
          instancePath: instancePath + "/extra-user-roles",
          schemaPath: "#/properties/extra-user-roles/anyOf/1/type",
          keyword: "type",
          params: { type: "null" },
          message: "must be null",
        };
        if (vErrors === null) {
          vErrors = [err7];
        } else {
          vErrors.push(err7);
        }
        errors++;
      }
      var _valid0 = _errs11 === errors;
      valid4 = valid4 || _valid0;
      if (!valid4) {
        const err8 = {
          instancePath: instancePath + "/extra-user-roles",
          schemaPath: "#/properties/extra-user-roles/anyOf",
          keyword: "anyOf",
          params: {},
          message: "must match a schema in anyOf",
        };
        if (vErrors === null) {
          vErrors = [err8];
        } else {
          vErrors.push(err8);
        }
        errors++;
      } else {
        errors = _errs8;
        if (vErrors !== null) {
          if (_errs8) {
            vErrors.length = _errs8;
          } else {
            vErrors = null;
          }
        }
      }
    }
    if (data["extra-group-roles"] !== undefined) {
      let data4 = data["extra-group-roles"];
      const _errs14 = errors;
      let valid5 = false;
      const _errs15 = errors;
      if (typeof data4 !== "string") {
        const err9 = {
          instancePath: instancePath + "/extra-group-roles",
          schemaPath: "#/properties/extra-group-roles/anyOf/0/type",
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
      var _valid1 = _errs15 === errors;
      valid5 = valid5 || _valid1;
      const _errs17 = errors;
      if (data4 !== null) {
        const err10 = {
          instancePath: instancePath + "/extra-group-roles",
          schemaPath: "#/properties/extra-group-roles/anyOf/1/type",
          keyword: "type",
          params: { type: "null" },
          message: "must be null",
        };
        if (vErrors === null) {
          vErrors = [err10];
        } else {
          vErrors.push(err10);
        }
        errors++;
      }
      var _valid1 = _errs17 === errors;
      valid5 = valid5 || _valid1;
      if (!valid5) {
        const err11 = {
          instancePath: instancePath + "/extra-group-roles",
          schemaPath: "#/properties/extra-group-roles/anyOf",
          keyword: "anyOf",
          params: {},
          message: "must match a schema in anyOf",
        };
        if (vErrors === null) {
          vErrors = [err11];
        } else {
          vErrors.push(err11);
        }
        errors++;
      } else {
        errors = _errs14;
        if (vErrors !== null) {
          if (_errs14) {
            vErrors.length = _errs14;
          } else {
            vErrors = null;
          }
        }
      }
    }
    if (data["entity-type"] !== undefined) {
      let data5 = data["entity-type"];
      const _errs20 = errors;
      let valid6 = false;
      const _errs21 = errors;
      if (typeof data5 !== "string") {
        const err12 = {
          instancePath: instancePath + "/entity-type",
          schemaPath: "#/properties/entity-type/anyOf/0/type",
          keyword: "type",
          params: { type: "string" },
          message: "must be string",
        };
        if (vErrors === null) {
          vErrors = [err12];
        } else {
          vErrors.push(err12);
        }
        errors++;
      }
      var _valid2 = _errs21 === errors;
      valid6 = valid6 || _valid2;
      const _errs23 = errors;
      if (data5 !== null) {
        const err13 = {
          instancePath: instancePath + "/entity-type",
          schemaPath: "#/properties/entity-type/anyOf/1/type",
          keyword: "type",
          params: { type: "null" },
          message: "must be null",
        };
        if (vErrors === null) {
          vErrors = [err13];
        } else {
          vErrors.push(err13);
        }
        errors++;
      }
      var _valid2 = _errs23 === errors;
      valid6 = valid6 || _valid2;
      if (!valid6) {
        const err14 = {
          instancePath: instancePath + "/entity-type",
          schemaPath: "#/properties/entity-type/anyOf",
          keyword: "anyOf",
          params: {},
          message: "must match a schema in anyOf",
        };
        if (vErrors === null) {
          vErrors = [err14];
        } else {
          vErrors.push(err14);
        }
        errors++;
      } else {
        errors = _errs20;
        if (vErrors !== null) {
          if (_errs20) {
            vErrors.length = _errs20;
          } else {
            vErrors = null;
          }
        }
      }
    }
    if (data["entity-permissions"] !== undefined) {
      let data6 = data["entity-permissions"];
      const _errs26 = errors;
      let valid7 = false;
      const _errs27 = errors;
      if (typeof data6 !== "string") {
        const err15 = {
          instancePath: instancePath + "/entity-permissions",
          schemaPath: "#/properties/entity-permissions/anyOf/0/type",
          keyword: "type",
          params: { type: "string" },
          message: "must be string",
        };
        if (vErrors === null) {
          vErrors = [err15];
        } else {
          vErrors.push(err15);
        }
        errors++;
      }
      var _valid3 = _errs27 === errors;
      valid7 = valid7 || _valid3;
      const _errs29 = errors;
      if (data6 !== null) {
        const err16 = {
          instancePath: instancePath + "/entity-permissions",
          schemaPath: "#/properties/entity-permissions/anyOf/1/type",
          keyword: "type",
          params: { type: "null" },
          message: "must be null",
        };
        if (vErrors === null) {
          vErrors = [err16];
        } else {
          vErrors.push(err16);
        }
        errors++;
      }
      var _valid3 = _errs29 === errors;
      valid7 = valid7 || _valid3;
      if (!valid7) {
        const err17 = {
          instancePath: instancePath + "/entity-permissions",
          schemaPath: "#/properties/entity-permissions/anyOf",
          keyword: "anyOf",
          params: {},
          message: "must match a schema in anyOf",
        };
        if (vErrors === null) {
          vErrors = [err17];
        } else {
          vErrors.push(err17);
        }
        errors++;
      } else {
        errors = _errs26;
        if (vErrors !== null) {
          if (_errs26) {
            vErrors.length = _errs26;
          } else {
            vErrors = null;
          }
        }
      }
    }
  } else {
    const err18 = {
      instancePath,
      schemaPath: "#/type",
      keyword: "type",
      params: { type: "object" },
      message: "must be object",
    };
    if (vErrors === null) {
      vErrors = [err18];
    } else {
      vErrors.push(err18);
    }
    errors++;
  }
  validate52.errors = vErrors;
  return errors === 0;
}
validate52.evaluated = {
  props: {
    database: true,
    "requested-secrets": true,
    "extra-user-roles": true,
    "extra-group-roles": true,
    "entity-type": true,
    "entity-permissions": true,
  },
  dynamicProps: false,
  dynamicItems: false,
};

export const app = validate53;
const schema20 = { $ref: "appPartial", required: ["database", "requested-secrets"] };

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
    if (data["requested-secrets"] === undefined) {
      const err1 = {
        instancePath,
        schemaPath: "#/required",
        keyword: "required",
        params: { missingProperty: "requested-secrets" },
        message: "must have required property '" + "requested-secrets" + "'",
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
  props: {
    database: true,
    "requested-secrets": true,
    "extra-user-roles": true,
    "extra-group-roles": true,
    "entity-type": true,
    "entity-permissions": true,
  },
  dynamicProps: false,
  dynamicItems: false,
};
