// generated from schema/mysql-innodb-cluster/v0/peers.json by relgen; do not edit.
//
// ajv standalone validators of the decoded bags of mysql-innodb-cluster (peers side).
import { formats as __formats, ucs2length } from "../../../src/runtime/formats.js";

export const unitPartial = validate52;
const schema19 = {
  type: "object",
  properties: {
    "cluster-address": {
      type: "string",
      minLength: 1,
      maxLength: 253,
      anyOf: [
        { type: "string", format: "ipv4" },
        { type: "string", format: "ipv6" },
        { type: "string", format: "hostname" },
      ],
    },
    "cluster-user": { type: "string", minLength: 1 },
    "cluster-password": { type: "string", minLength: 1 },
    "unit-configure-ready": { type: "boolean" },
    "unit-clustered": { type: "boolean" },
    "ingress-address": { type: "string" },
    "private-address": { type: "string" },
  },
};
const formats0 = __formats.ipv4;
const formats2 = __formats.ipv6;
const formats4 = __formats.hostname;
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
    if (data["cluster-address"] !== undefined) {
      let data0 = data["cluster-address"];
      const _errs3 = errors;
      let valid1 = false;
      const _errs4 = errors;
      if (typeof data0 === "string") {
        if (!formats0(data0)) {
          const err0 = {
            instancePath: instancePath + "/cluster-address",
            schemaPath: "#/properties/cluster-address/anyOf/0/format",
            keyword: "format",
            params: { format: "ipv4" },
            message: 'must match format "' + "ipv4" + '"',
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
          instancePath: instancePath + "/cluster-address",
          schemaPath: "#/properties/cluster-address/anyOf/0/type",
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
      var _valid0 = _errs4 === errors;
      valid1 = valid1 || _valid0;
      const _errs6 = errors;
      if (typeof data0 === "string") {
        if (!formats2(data0)) {
          const err2 = {
            instancePath: instancePath + "/cluster-address",
            schemaPath: "#/properties/cluster-address/anyOf/1/format",
            keyword: "format",
            params: { format: "ipv6" },
            message: 'must match format "' + "ipv6" + '"',
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
          instancePath: instancePath + "/cluster-address",
          schemaPath: "#/properties/cluster-address/anyOf/1/type",
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
      var _valid0 = _errs6 === errors;
      valid1 = valid1 || _valid0;
      const _errs8 = errors;
      if (typeof data0 === "string") {
        if (!formats4(data0)) {
          const err4 = {
            instancePath: instancePath + "/cluster-address",
            schemaPath: "#/properties/cluster-address/anyOf/2/format",
            keyword: "format",
            params: { format: "hostname" },
            message: 'must match format "' + "hostname" + '"',
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
          instancePath: instancePath + "/cluster-address",
          schemaPath: "#/properties/cluster-address/anyOf/2/type",
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
      var _valid0 = _errs8 === errors;
      valid1 = valid1 || _valid0;
      if (!valid1) {
        const err6 = {
          instancePath: instancePath + "/cluster-address",
          schemaPath: "#/properties/cluster-address/anyOf",
          keyword: "anyOf",
          params: {},
          message: "must match a schema in anyOf",
        };
        if (vErrors === null) {
          vErrors = [err6];
        } else {
          vErrors.push(err6);
        }
        errors++;
      } else {
        errors = _errs3;
        if (vErrors !== null) {
          if (_errs3) {
            vErrors.length = _errs3;
          } else {
            vErrors = null;
          }
        }
      }
      if (typeof data0 === "string") {
        if (func1(data0) > 253) {
          const err7 = {
            instancePath: instancePath + "/cluster-address",
            schemaPath: "#/properties/cluster-address/maxLength",
            keyword: "maxLength",
            params: { limit: 253 },
            message: "must NOT have more than 253 characters",
          };
          if (vErrors === null) {
            vErrors = [err7];
          } else {
            vErrors.push(err7);
          }
          errors++;
        }
        if (func1(data0) < 1) {
          const err8 = {
            instancePath: instancePath + "/cluster-address",
            schemaPath: "#/properties/cluster-address/minLength",
            keyword: "minLength",
            params: { limit: 1 },
            message: "must NOT have fewer than 1 characters",
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
          instancePath: instancePath + "/cluster-address",
          schemaPath: "#/properties/cluster-address/type",
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
    if (data["cluster-user"] !== undefined) {
      let data1 = data["cluster-user"];
      if (typeof data1 === "string") {
        if (func1(data1) < 1) {
          const err10 = {
            instancePath: instancePath + "/cluster-user",
            schemaPath: "#/properties/cluster-user/minLength",
            keyword: "minLength",
            params: { limit: 1 },
            message: "must NOT have fewer than 1 characters",
          };
          if (vErrors === null) {
            vErrors = [err10];
          } else {
            vErrors.push(err10);
          }
          errors++;
        }
      } else {
        const err11 = {
          instancePath: instancePath + "/cluster-user",
          schemaPath: "#/properties/cluster-user/type",
          keyword: "type",
          params: { type: "string" },
          message: "must be string",
        };
        if (vErrors === null) {
          vErrors = [err11];
        } else {
          vErrors.push(err11);
        }
        errors++;
      }
    }
    if (data["cluster-password"] !== undefined) {
      let data2 = data["cluster-password"];
      if (typeof data2 === "string") {
        if (func1(data2) < 1) {
          const err12 = {
            instancePath: instancePath + "/cluster-password",
            schemaPath: "#/properties/cluster-password/minLength",
            keyword: "minLength",
            params: { limit: 1 },
            message: "must NOT have fewer than 1 characters",
          };
          if (vErrors === null) {
            vErrors = [err12];
          } else {
            vErrors.push(err12);
          }
          errors++;
        }
      } else {
        const err13 = {
          instancePath: instancePath + "/cluster-password",
          schemaPath: "#/properties/cluster-password/type",
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
    }
    if (data["unit-configure-ready"] !== undefined) {
      if (typeof data["unit-configure-ready"] !== "boolean") {
        const err14 = {
          instancePath: instancePath + "/unit-configure-ready",
          schemaPath: "#/properties/unit-configure-ready/type",
          keyword: "type",
          params: { type: "boolean" },
          message: "must be boolean",
        };
        if (vErrors === null) {
          vErrors = [err14];
        } else {
          vErrors.push(err14);
        }
        errors++;
      }
    }
    if (data["unit-clustered"] !== undefined) {
      if (typeof data["unit-clustered"] !== "boolean") {
        const err15 = {
          instancePath: instancePath + "/unit-clustered",
          schemaPath: "#/properties/unit-clustered/type",
          keyword: "type",
          params: { type: "boolean" },
          message: "must be boolean",
        };
        if (vErrors === null) {
          vErrors = [err15];
        } else {
          vErrors.push(err15);
        }
        errors++;
      }
    }
    if (data["ingress-address"] !== undefined) {
      if (typeof data["ingress-address"] !== "string") {
        const err16 = {
          instancePath: instancePath + "/ingress-address",
          schemaPath: "#/properties/ingress-address/type",
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
    }
    if (data["private-address"] !== undefined) {
      if (typeof data["private-address"] !== "string") {
        const err17 = {
          instancePath: instancePath + "/private-address",
          schemaPath: "#/properties/private-address/type",
          keyword: "type",
          params: { type: "string" },
          message: "must be string",
        };
        if (vErrors === null) {
          vErrors = [err17];
        } else {
          vErrors.push(err17);
        }
        errors++;
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
    "cluster-address": true,
    "cluster-user": true,
    "cluster-password": true,
    "unit-configure-ready": true,
    "unit-clustered": true,
    "ingress-address": true,
    "private-address": true,
  },
  dynamicProps: false,
  dynamicItems: false,
};

export const appPartial = validate53;
const schema20 = {
  type: "object",
  properties: { "cluster-password": { type: "string", minLength: 1 } },
};

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
  if (data && typeof data == "object" && !Array.isArray(data)) {
    if (data["cluster-password"] !== undefined) {
      let data0 = data["cluster-password"];
      if (typeof data0 === "string") {
        if (func1(data0) < 1) {
          const err0 = {
            instancePath: instancePath + "/cluster-password",
            schemaPath: "#/properties/cluster-password/minLength",
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
          instancePath: instancePath + "/cluster-password",
          schemaPath: "#/properties/cluster-password/type",
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
  } else {
    const err2 = {
      instancePath,
      schemaPath: "#/type",
      keyword: "type",
      params: { type: "object" },
      message: "must be object",
    };
    if (vErrors === null) {
      vErrors = [err2];
    } else {
      vErrors.push(err2);
    }
    errors++;
  }
  validate53.errors = vErrors;
  return errors === 0;
}
validate53.evaluated = {
  props: { "cluster-password": true },
  dynamicProps: false,
  dynamicItems: false,
};

export const unit = unitPartial;
export const app = appPartial;
