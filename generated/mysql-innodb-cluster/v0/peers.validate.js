// generated from schema/mysql-innodb-cluster/v0/peers.json by relgen; do not edit.
//
// ajv standalone validators of the decoded bags of mysql-innodb-cluster (peers side).
import { ucs2length } from "../../../src/runtime/index.js";

export const unit = validate20;
const schema31 = { "type": "object", "properties": { "cluster-address": { "type": "string", "minLength": 1 }, "cluster-user": { "type": "string", "minLength": 1 }, "cluster-password": { "type": "string", "minLength": 1 }, "unit-configure-ready": { "type": "boolean" }, "unit-clustered": { "type": "boolean" }, "ingress-address": { "type": "string" }, "private-address": { "type": "string" } }, "required": [] };
const func1 = ucs2length;

function validate20(data, { instancePath = "", parentData, parentDataProperty, rootData = data, dynamicAnchors = {} } = {}) {
  let vErrors = null;
  let errors = 0;
  const evaluated0 = validate20.evaluated;
  if (evaluated0.dynamicProps) {
    evaluated0.props = undefined;
  }
  if (evaluated0.dynamicItems) {
    evaluated0.items = undefined;
  }
  if (data && typeof data == "object" && !Array.isArray(data)) {
    if (data["cluster-address"] !== undefined) {
      let data0 = data["cluster-address"];
      if (typeof data0 === "string") {
        if (func1(data0) < 1) {
          const err0 = { instancePath: instancePath + "/cluster-address", schemaPath: "#/properties/cluster-address/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
          if (vErrors === null) {
            vErrors = [err0];
          }
          else {
            vErrors.push(err0);
          }
          errors++;
        }
      }
      else {
        const err1 = { instancePath: instancePath + "/cluster-address", schemaPath: "#/properties/cluster-address/type", keyword: "type", params: { type: "string" }, message: "must be string" };
        if (vErrors === null) {
          vErrors = [err1];
        }
        else {
          vErrors.push(err1);
        }
        errors++;
      }
    }
    if (data["cluster-user"] !== undefined) {
      let data1 = data["cluster-user"];
      if (typeof data1 === "string") {
        if (func1(data1) < 1) {
          const err2 = { instancePath: instancePath + "/cluster-user", schemaPath: "#/properties/cluster-user/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
          if (vErrors === null) {
            vErrors = [err2];
          }
          else {
            vErrors.push(err2);
          }
          errors++;
        }
      }
      else {
        const err3 = { instancePath: instancePath + "/cluster-user", schemaPath: "#/properties/cluster-user/type", keyword: "type", params: { type: "string" }, message: "must be string" };
        if (vErrors === null) {
          vErrors = [err3];
        }
        else {
          vErrors.push(err3);
        }
        errors++;
      }
    }
    if (data["cluster-password"] !== undefined) {
      let data2 = data["cluster-password"];
      if (typeof data2 === "string") {
        if (func1(data2) < 1) {
          const err4 = { instancePath: instancePath + "/cluster-password", schemaPath: "#/properties/cluster-password/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
          if (vErrors === null) {
            vErrors = [err4];
          }
          else {
            vErrors.push(err4);
          }
          errors++;
        }
      }
      else {
        const err5 = { instancePath: instancePath + "/cluster-password", schemaPath: "#/properties/cluster-password/type", keyword: "type", params: { type: "string" }, message: "must be string" };
        if (vErrors === null) {
          vErrors = [err5];
        }
        else {
          vErrors.push(err5);
        }
        errors++;
      }
    }
    if (data["unit-configure-ready"] !== undefined) {
      if (typeof data["unit-configure-ready"] !== "boolean") {
        const err6 = { instancePath: instancePath + "/unit-configure-ready", schemaPath: "#/properties/unit-configure-ready/type", keyword: "type", params: { type: "boolean" }, message: "must be boolean" };
        if (vErrors === null) {
          vErrors = [err6];
        }
        else {
          vErrors.push(err6);
        }
        errors++;
      }
    }
    if (data["unit-clustered"] !== undefined) {
      if (typeof data["unit-clustered"] !== "boolean") {
        const err7 = { instancePath: instancePath + "/unit-clustered", schemaPath: "#/properties/unit-clustered/type", keyword: "type", params: { type: "boolean" }, message: "must be boolean" };
        if (vErrors === null) {
          vErrors = [err7];
        }
        else {
          vErrors.push(err7);
        }
        errors++;
      }
    }
    if (data["ingress-address"] !== undefined) {
      if (typeof data["ingress-address"] !== "string") {
        const err8 = { instancePath: instancePath + "/ingress-address", schemaPath: "#/properties/ingress-address/type", keyword: "type", params: { type: "string" }, message: "must be string" };
        if (vErrors === null) {
          vErrors = [err8];
        }
        else {
          vErrors.push(err8);
        }
        errors++;
      }
    }
    if (data["private-address"] !== undefined) {
      if (typeof data["private-address"] !== "string") {
        const err9 = { instancePath: instancePath + "/private-address", schemaPath: "#/properties/private-address/type", keyword: "type", params: { type: "string" }, message: "must be string" };
        if (vErrors === null) {
          vErrors = [err9];
        }
        else {
          vErrors.push(err9);
        }
        errors++;
      }
    }
  }
  else {
    const err10 = { instancePath, schemaPath: "#/type", keyword: "type", params: { type: "object" }, message: "must be object" };
    if (vErrors === null) {
      vErrors = [err10];
    }
    else {
      vErrors.push(err10);
    }
    errors++;
  }
  validate20.errors = vErrors;
  return errors === 0;
}
validate20.evaluated = { "props": { "cluster-address": true, "cluster-user": true, "cluster-password": true, "unit-configure-ready": true, "unit-clustered": true, "ingress-address": true, "private-address": true }, "dynamicProps": false, "dynamicItems": false };

export const unitPartial = validate21;
const schema32 = { "type": "object", "properties": { "cluster-address": { "type": "string", "minLength": 1 }, "cluster-user": { "type": "string", "minLength": 1 }, "cluster-password": { "type": "string", "minLength": 1 }, "unit-configure-ready": { "type": "boolean" }, "unit-clustered": { "type": "boolean" }, "ingress-address": { "type": "string" }, "private-address": { "type": "string" } }, "required": [] };

function validate21(data, { instancePath = "", parentData, parentDataProperty, rootData = data, dynamicAnchors = {} } = {}) {
  let vErrors = null;
  let errors = 0;
  const evaluated0 = validate21.evaluated;
  if (evaluated0.dynamicProps) {
    evaluated0.props = undefined;
  }
  if (evaluated0.dynamicItems) {
    evaluated0.items = undefined;
  }
  if (data && typeof data == "object" && !Array.isArray(data)) {
    if (data["cluster-address"] !== undefined) {
      let data0 = data["cluster-address"];
      if (typeof data0 === "string") {
        if (func1(data0) < 1) {
          const err0 = { instancePath: instancePath + "/cluster-address", schemaPath: "#/properties/cluster-address/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
          if (vErrors === null) {
            vErrors = [err0];
          }
          else {
            vErrors.push(err0);
          }
          errors++;
        }
      }
      else {
        const err1 = { instancePath: instancePath + "/cluster-address", schemaPath: "#/properties/cluster-address/type", keyword: "type", params: { type: "string" }, message: "must be string" };
        if (vErrors === null) {
          vErrors = [err1];
        }
        else {
          vErrors.push(err1);
        }
        errors++;
      }
    }
    if (data["cluster-user"] !== undefined) {
      let data1 = data["cluster-user"];
      if (typeof data1 === "string") {
        if (func1(data1) < 1) {
          const err2 = { instancePath: instancePath + "/cluster-user", schemaPath: "#/properties/cluster-user/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
          if (vErrors === null) {
            vErrors = [err2];
          }
          else {
            vErrors.push(err2);
          }
          errors++;
        }
      }
      else {
        const err3 = { instancePath: instancePath + "/cluster-user", schemaPath: "#/properties/cluster-user/type", keyword: "type", params: { type: "string" }, message: "must be string" };
        if (vErrors === null) {
          vErrors = [err3];
        }
        else {
          vErrors.push(err3);
        }
        errors++;
      }
    }
    if (data["cluster-password"] !== undefined) {
      let data2 = data["cluster-password"];
      if (typeof data2 === "string") {
        if (func1(data2) < 1) {
          const err4 = { instancePath: instancePath + "/cluster-password", schemaPath: "#/properties/cluster-password/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
          if (vErrors === null) {
            vErrors = [err4];
          }
          else {
            vErrors.push(err4);
          }
          errors++;
        }
      }
      else {
        const err5 = { instancePath: instancePath + "/cluster-password", schemaPath: "#/properties/cluster-password/type", keyword: "type", params: { type: "string" }, message: "must be string" };
        if (vErrors === null) {
          vErrors = [err5];
        }
        else {
          vErrors.push(err5);
        }
        errors++;
      }
    }
    if (data["unit-configure-ready"] !== undefined) {
      if (typeof data["unit-configure-ready"] !== "boolean") {
        const err6 = { instancePath: instancePath + "/unit-configure-ready", schemaPath: "#/properties/unit-configure-ready/type", keyword: "type", params: { type: "boolean" }, message: "must be boolean" };
        if (vErrors === null) {
          vErrors = [err6];
        }
        else {
          vErrors.push(err6);
        }
        errors++;
      }
    }
    if (data["unit-clustered"] !== undefined) {
      if (typeof data["unit-clustered"] !== "boolean") {
        const err7 = { instancePath: instancePath + "/unit-clustered", schemaPath: "#/properties/unit-clustered/type", keyword: "type", params: { type: "boolean" }, message: "must be boolean" };
        if (vErrors === null) {
          vErrors = [err7];
        }
        else {
          vErrors.push(err7);
        }
        errors++;
      }
    }
    if (data["ingress-address"] !== undefined) {
      if (typeof data["ingress-address"] !== "string") {
        const err8 = { instancePath: instancePath + "/ingress-address", schemaPath: "#/properties/ingress-address/type", keyword: "type", params: { type: "string" }, message: "must be string" };
        if (vErrors === null) {
          vErrors = [err8];
        }
        else {
          vErrors.push(err8);
        }
        errors++;
      }
    }
    if (data["private-address"] !== undefined) {
      if (typeof data["private-address"] !== "string") {
        const err9 = { instancePath: instancePath + "/private-address", schemaPath: "#/properties/private-address/type", keyword: "type", params: { type: "string" }, message: "must be string" };
        if (vErrors === null) {
          vErrors = [err9];
        }
        else {
          vErrors.push(err9);
        }
        errors++;
      }
    }
  }
  else {
    const err10 = { instancePath, schemaPath: "#/type", keyword: "type", params: { type: "object" }, message: "must be object" };
    if (vErrors === null) {
      vErrors = [err10];
    }
    else {
      vErrors.push(err10);
    }
    errors++;
  }
  validate21.errors = vErrors;
  return errors === 0;
}
validate21.evaluated = { "props": { "cluster-address": true, "cluster-user": true, "cluster-password": true, "unit-configure-ready": true, "unit-clustered": true, "ingress-address": true, "private-address": true }, "dynamicProps": false, "dynamicItems": false };

export const app = validate22;
const schema33 = { "type": "object", "properties": { "cluster-password": { "type": "string", "minLength": 1 } }, "required": [] };

function validate22(data, { instancePath = "", parentData, parentDataProperty, rootData = data, dynamicAnchors = {} } = {}) {
  let vErrors = null;
  let errors = 0;
  const evaluated0 = validate22.evaluated;
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
          const err0 = { instancePath: instancePath + "/cluster-password", schemaPath: "#/properties/cluster-password/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
          if (vErrors === null) {
            vErrors = [err0];
          }
          else {
            vErrors.push(err0);
          }
          errors++;
        }
      }
      else {
        const err1 = { instancePath: instancePath + "/cluster-password", schemaPath: "#/properties/cluster-password/type", keyword: "type", params: { type: "string" }, message: "must be string" };
        if (vErrors === null) {
          vErrors = [err1];
        }
        else {
          vErrors.push(err1);
        }
        errors++;
      }
    }
  }
  else {
    const err2 = { instancePath, schemaPath: "#/type", keyword: "type", params: { type: "object" }, message: "must be object" };
    if (vErrors === null) {
      vErrors = [err2];
    }
    else {
      vErrors.push(err2);
    }
    errors++;
  }
  validate22.errors = vErrors;
  return errors === 0;
}
validate22.evaluated = { "props": { "cluster-password": true }, "dynamicProps": false, "dynamicItems": false };

export const appPartial = validate23;
const schema34 = { "type": "object", "properties": { "cluster-password": { "type": "string", "minLength": 1 } }, "required": [] };

function validate23(data, { instancePath = "", parentData, parentDataProperty, rootData = data, dynamicAnchors = {} } = {}) {
  let vErrors = null;
  let errors = 0;
  const evaluated0 = validate23.evaluated;
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
          const err0 = { instancePath: instancePath + "/cluster-password", schemaPath: "#/properties/cluster-password/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
          if (vErrors === null) {
            vErrors = [err0];
          }
          else {
            vErrors.push(err0);
          }
          errors++;
        }
      }
      else {
        const err1 = { instancePath: instancePath + "/cluster-password", schemaPath: "#/properties/cluster-password/type", keyword: "type", params: { type: "string" }, message: "must be string" };
        if (vErrors === null) {
          vErrors = [err1];
        }
        else {
          vErrors.push(err1);
        }
        errors++;
      }
    }
  }
  else {
    const err2 = { instancePath, schemaPath: "#/type", keyword: "type", params: { type: "object" }, message: "must be object" };
    if (vErrors === null) {
      vErrors = [err2];
    }
    else {
      vErrors.push(err2);
    }
    errors++;
  }
  validate23.errors = vErrors;
  return errors === 0;
}
validate23.evaluated = { "props": { "cluster-password": true }, "dynamicProps": false, "dynamicItems": false };

