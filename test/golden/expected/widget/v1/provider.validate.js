// generated from schema/widget/v1/provider.json by relgen; do not edit.
//
// ajv standalone validators of the decoded bags of widget (provider side).
import { formats as __formats } from "../../../../../src/runtime/formats.js";

export const unit = validate20;
const schema31 = { "type": "object", "properties": { "hostname": { "type": "string", "format": "hostname" }, "port": { "type": "integer", "minimum": 1, "maximum": 65535 } }, "required": ["hostname"] };
const formats0 = __formats.hostname;

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
    if (data.hostname === undefined) {
      const err0 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "hostname" }, message: "must have required property '" + "hostname" + "'" };
      if (vErrors === null) {
        vErrors = [err0];
      }
      else {
        vErrors.push(err0);
      }
      errors++;
    }
    if (data.hostname !== undefined) {
      let data0 = data.hostname;
      if (typeof data0 === "string") {
        if (!(formats0(data0))) {
          const err1 = { instancePath: instancePath + "/hostname", schemaPath: "#/properties/hostname/format", keyword: "format", params: { format: "hostname" }, message: "must match format \"" + "hostname" + "\"" };
          if (vErrors === null) {
            vErrors = [err1];
          }
          else {
            vErrors.push(err1);
          }
          errors++;
        }
      }
      else {
        const err2 = { instancePath: instancePath + "/hostname", schemaPath: "#/properties/hostname/type", keyword: "type", params: { type: "string" }, message: "must be string" };
        if (vErrors === null) {
          vErrors = [err2];
        }
        else {
          vErrors.push(err2);
        }
        errors++;
      }
    }
    if (data.port !== undefined) {
      let data1 = data.port;
      if (!((typeof data1 == "number") && (!(data1 % 1) && !isNaN(data1)))) {
        const err3 = { instancePath: instancePath + "/port", schemaPath: "#/properties/port/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
        if (vErrors === null) {
          vErrors = [err3];
        }
        else {
          vErrors.push(err3);
        }
        errors++;
      }
      if (typeof data1 == "number") {
        if (data1 > 65535 || isNaN(data1)) {
          const err4 = { instancePath: instancePath + "/port", schemaPath: "#/properties/port/maximum", keyword: "maximum", params: { comparison: "<=", limit: 65535 }, message: "must be <= 65535" };
          if (vErrors === null) {
            vErrors = [err4];
          }
          else {
            vErrors.push(err4);
          }
          errors++;
        }
        if (data1 < 1 || isNaN(data1)) {
          const err5 = { instancePath: instancePath + "/port", schemaPath: "#/properties/port/minimum", keyword: "minimum", params: { comparison: ">=", limit: 1 }, message: "must be >= 1" };
          if (vErrors === null) {
            vErrors = [err5];
          }
          else {
            vErrors.push(err5);
          }
          errors++;
        }
      }
    }
  }
  else {
    const err6 = { instancePath, schemaPath: "#/type", keyword: "type", params: { type: "object" }, message: "must be object" };
    if (vErrors === null) {
      vErrors = [err6];
    }
    else {
      vErrors.push(err6);
    }
    errors++;
  }
  validate20.errors = vErrors;
  return errors === 0;
}
validate20.evaluated = { "props": { "hostname": true, "port": true }, "dynamicProps": false, "dynamicItems": false };

export const unitPartial = validate21;
const schema32 = { "type": "object", "properties": { "hostname": { "type": "string", "format": "hostname" }, "port": { "type": "integer", "minimum": 1, "maximum": 65535 } }, "required": [] };

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
    if (data.hostname !== undefined) {
      let data0 = data.hostname;
      if (typeof data0 === "string") {
        if (!(formats0(data0))) {
          const err0 = { instancePath: instancePath + "/hostname", schemaPath: "#/properties/hostname/format", keyword: "format", params: { format: "hostname" }, message: "must match format \"" + "hostname" + "\"" };
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
        const err1 = { instancePath: instancePath + "/hostname", schemaPath: "#/properties/hostname/type", keyword: "type", params: { type: "string" }, message: "must be string" };
        if (vErrors === null) {
          vErrors = [err1];
        }
        else {
          vErrors.push(err1);
        }
        errors++;
      }
    }
    if (data.port !== undefined) {
      let data1 = data.port;
      if (!((typeof data1 == "number") && (!(data1 % 1) && !isNaN(data1)))) {
        const err2 = { instancePath: instancePath + "/port", schemaPath: "#/properties/port/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
        if (vErrors === null) {
          vErrors = [err2];
        }
        else {
          vErrors.push(err2);
        }
        errors++;
      }
      if (typeof data1 == "number") {
        if (data1 > 65535 || isNaN(data1)) {
          const err3 = { instancePath: instancePath + "/port", schemaPath: "#/properties/port/maximum", keyword: "maximum", params: { comparison: "<=", limit: 65535 }, message: "must be <= 65535" };
          if (vErrors === null) {
            vErrors = [err3];
          }
          else {
            vErrors.push(err3);
          }
          errors++;
        }
        if (data1 < 1 || isNaN(data1)) {
          const err4 = { instancePath: instancePath + "/port", schemaPath: "#/properties/port/minimum", keyword: "minimum", params: { comparison: ">=", limit: 1 }, message: "must be >= 1" };
          if (vErrors === null) {
            vErrors = [err4];
          }
          else {
            vErrors.push(err4);
          }
          errors++;
        }
      }
    }
  }
  else {
    const err5 = { instancePath, schemaPath: "#/type", keyword: "type", params: { type: "object" }, message: "must be object" };
    if (vErrors === null) {
      vErrors = [err5];
    }
    else {
      vErrors.push(err5);
    }
    errors++;
  }
  validate21.errors = vErrors;
  return errors === 0;
}
validate21.evaluated = { "props": { "hostname": true, "port": true }, "dynamicProps": false, "dynamicItems": false };

export const app = validate22;
const schema33 = { "type": "object", "properties": { "mode": { "enum": ["active", "standby"] }, "endpoints": { "type": "array", "items": { "$ref": "#/$defs/Endpoint" }, "minItems": 1 }, "token": { "anyOf": [{ "type": "string" }, { "type": "null" }] } }, "required": ["mode"], "$defs": { "Endpoint": { "type": "object", "properties": { "host": { "type": "string", "format": "hostname" }, "port": { "type": "integer", "minimum": 1, "maximum": 65535 } }, "required": ["host", "port"], "additionalProperties": false } } };
const schema34 = { "type": "object", "properties": { "host": { "type": "string", "format": "hostname" }, "port": { "type": "integer", "minimum": 1, "maximum": 65535 } }, "required": ["host", "port"], "additionalProperties": false };

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
    if (data.mode === undefined) {
      const err0 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "mode" }, message: "must have required property '" + "mode" + "'" };
      if (vErrors === null) {
        vErrors = [err0];
      }
      else {
        vErrors.push(err0);
      }
      errors++;
    }
    if (data.mode !== undefined) {
      let data0 = data.mode;
      if (!((data0 === "active") || (data0 === "standby"))) {
        const err1 = { instancePath: instancePath + "/mode", schemaPath: "#/properties/mode/enum", keyword: "enum", params: { allowedValues: schema33.properties.mode.enum }, message: "must be equal to one of the allowed values" };
        if (vErrors === null) {
          vErrors = [err1];
        }
        else {
          vErrors.push(err1);
        }
        errors++;
      }
    }
    if (data.endpoints !== undefined) {
      let data1 = data.endpoints;
      if (Array.isArray(data1)) {
        if (data1.length < 1) {
          const err2 = { instancePath: instancePath + "/endpoints", schemaPath: "#/properties/endpoints/minItems", keyword: "minItems", params: { limit: 1 }, message: "must NOT have fewer than 1 items" };
          if (vErrors === null) {
            vErrors = [err2];
          }
          else {
            vErrors.push(err2);
          }
          errors++;
        }
        const len0 = data1.length;
        for (let i0 = 0; i0 < len0; i0++) {
          let data2 = data1[i0];
          if (data2 && typeof data2 == "object" && !Array.isArray(data2)) {
            if (data2.host === undefined) {
              const err3 = { instancePath: instancePath + "/endpoints/" + i0, schemaPath: "#/$defs/Endpoint/required", keyword: "required", params: { missingProperty: "host" }, message: "must have required property '" + "host" + "'" };
              if (vErrors === null) {
                vErrors = [err3];
              }
              else {
                vErrors.push(err3);
              }
              errors++;
            }
            if (data2.port === undefined) {
              const err4 = { instancePath: instancePath + "/endpoints/" + i0, schemaPath: "#/$defs/Endpoint/required", keyword: "required", params: { missingProperty: "port" }, message: "must have required property '" + "port" + "'" };
              if (vErrors === null) {
                vErrors = [err4];
              }
              else {
                vErrors.push(err4);
              }
              errors++;
            }
            for (const key0 in data2) {
              if (!((key0 === "host") || (key0 === "port"))) {
                const err5 = { instancePath: instancePath + "/endpoints/" + i0, schemaPath: "#/$defs/Endpoint/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key0 }, message: "must NOT have additional properties" };
                if (vErrors === null) {
                  vErrors = [err5];
                }
                else {
                  vErrors.push(err5);
                }
                errors++;
              }
            }
            if (data2.host !== undefined) {
              let data3 = data2.host;
              if (typeof data3 === "string") {
                if (!(formats0(data3))) {
                  const err6 = { instancePath: instancePath + "/endpoints/" + i0 + "/host", schemaPath: "#/$defs/Endpoint/properties/host/format", keyword: "format", params: { format: "hostname" }, message: "must match format \"" + "hostname" + "\"" };
                  if (vErrors === null) {
                    vErrors = [err6];
                  }
                  else {
                    vErrors.push(err6);
                  }
                  errors++;
                }
              }
              else {
                const err7 = { instancePath: instancePath + "/endpoints/" + i0 + "/host", schemaPath: "#/$defs/Endpoint/properties/host/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                if (vErrors === null) {
                  vErrors = [err7];
                }
                else {
                  vErrors.push(err7);
                }
                errors++;
              }
            }
            if (data2.port !== undefined) {
              let data4 = data2.port;
              if (!((typeof data4 == "number") && (!(data4 % 1) && !isNaN(data4)))) {
                const err8 = { instancePath: instancePath + "/endpoints/" + i0 + "/port", schemaPath: "#/$defs/Endpoint/properties/port/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
                if (vErrors === null) {
                  vErrors = [err8];
                }
                else {
                  vErrors.push(err8);
                }
                errors++;
              }
              if (typeof data4 == "number") {
                if (data4 > 65535 || isNaN(data4)) {
                  const err9 = { instancePath: instancePath + "/endpoints/" + i0 + "/port", schemaPath: "#/$defs/Endpoint/properties/port/maximum", keyword: "maximum", params: { comparison: "<=", limit: 65535 }, message: "must be <= 65535" };
                  if (vErrors === null) {
                    vErrors = [err9];
                  }
                  else {
                    vErrors.push(err9);
                  }
                  errors++;
                }
                if (data4 < 1 || isNaN(data4)) {
                  const err10 = { instancePath: instancePath + "/endpoints/" + i0 + "/port", schemaPath: "#/$defs/Endpoint/properties/port/minimum", keyword: "minimum", params: { comparison: ">=", limit: 1 }, message: "must be >= 1" };
                  if (vErrors === null) {
                    vErrors = [err10];
                  }
                  else {
                    vErrors.push(err10);
                  }
                  errors++;
                }
              }
            }
          }
          else {
            const err11 = { instancePath: instancePath + "/endpoints/" + i0, schemaPath: "#/$defs/Endpoint/type", keyword: "type", params: { type: "object" }, message: "must be object" };
            if (vErrors === null) {
              vErrors = [err11];
            }
            else {
              vErrors.push(err11);
            }
            errors++;
          }
        }
      }
      else {
        const err12 = { instancePath: instancePath + "/endpoints", schemaPath: "#/properties/endpoints/type", keyword: "type", params: { type: "array" }, message: "must be array" };
        if (vErrors === null) {
          vErrors = [err12];
        }
        else {
          vErrors.push(err12);
        }
        errors++;
      }
    }
    if (data.token !== undefined) {
      let data5 = data.token;
      const _errs13 = errors;
      let valid5 = false;
      const _errs14 = errors;
      if (typeof data5 !== "string") {
        const err13 = { instancePath: instancePath + "/token", schemaPath: "#/properties/token/anyOf/0/type", keyword: "type", params: { type: "string" }, message: "must be string" };
        if (vErrors === null) {
          vErrors = [err13];
        }
        else {
          vErrors.push(err13);
        }
        errors++;
      }
      var _valid0 = _errs14 === errors;
      valid5 = valid5 || _valid0;
      const _errs16 = errors;
      if (data5 !== null) {
        const err14 = { instancePath: instancePath + "/token", schemaPath: "#/properties/token/anyOf/1/type", keyword: "type", params: { type: "null" }, message: "must be null" };
        if (vErrors === null) {
          vErrors = [err14];
        }
        else {
          vErrors.push(err14);
        }
        errors++;
      }
      var _valid0 = _errs16 === errors;
      valid5 = valid5 || _valid0;
      if (!valid5) {
        const err15 = { instancePath: instancePath + "/token", schemaPath: "#/properties/token/anyOf", keyword: "anyOf", params: {}, message: "must match a schema in anyOf" };
        if (vErrors === null) {
          vErrors = [err15];
        }
        else {
          vErrors.push(err15);
        }
        errors++;
      }
      else {
        errors = _errs13;
        if (vErrors !== null) {
          if (_errs13) {
            vErrors.length = _errs13;
          }
          else {
            vErrors = null;
          }
        }
      }
    }
  }
  else {
    const err16 = { instancePath, schemaPath: "#/type", keyword: "type", params: { type: "object" }, message: "must be object" };
    if (vErrors === null) {
      vErrors = [err16];
    }
    else {
      vErrors.push(err16);
    }
    errors++;
  }
  validate22.errors = vErrors;
  return errors === 0;
}
validate22.evaluated = { "props": { "mode": true, "endpoints": true, "token": true }, "dynamicProps": false, "dynamicItems": false };

export const appPartial = validate23;
const schema35 = { "type": "object", "properties": { "mode": { "enum": ["active", "standby"] }, "endpoints": { "type": "array", "items": { "$ref": "#/$defs/Endpoint" }, "minItems": 1 }, "token": { "anyOf": [{ "type": "string" }, { "type": "null" }] } }, "required": [], "$defs": { "Endpoint": { "type": "object", "properties": { "host": { "type": "string", "format": "hostname" }, "port": { "type": "integer", "minimum": 1, "maximum": 65535 } }, "required": ["host", "port"], "additionalProperties": false } } };
const schema36 = { "type": "object", "properties": { "host": { "type": "string", "format": "hostname" }, "port": { "type": "integer", "minimum": 1, "maximum": 65535 } }, "required": ["host", "port"], "additionalProperties": false };

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
    if (data.mode !== undefined) {
      let data0 = data.mode;
      if (!((data0 === "active") || (data0 === "standby"))) {
        const err0 = { instancePath: instancePath + "/mode", schemaPath: "#/properties/mode/enum", keyword: "enum", params: { allowedValues: schema35.properties.mode.enum }, message: "must be equal to one of the allowed values" };
        if (vErrors === null) {
          vErrors = [err0];
        }
        else {
          vErrors.push(err0);
        }
        errors++;
      }
    }
    if (data.endpoints !== undefined) {
      let data1 = data.endpoints;
      if (Array.isArray(data1)) {
        if (data1.length < 1) {
          const err1 = { instancePath: instancePath + "/endpoints", schemaPath: "#/properties/endpoints/minItems", keyword: "minItems", params: { limit: 1 }, message: "must NOT have fewer than 1 items" };
          if (vErrors === null) {
            vErrors = [err1];
          }
          else {
            vErrors.push(err1);
          }
          errors++;
        }
        const len0 = data1.length;
        for (let i0 = 0; i0 < len0; i0++) {
          let data2 = data1[i0];
          if (data2 && typeof data2 == "object" && !Array.isArray(data2)) {
            if (data2.host === undefined) {
              const err2 = { instancePath: instancePath + "/endpoints/" + i0, schemaPath: "#/$defs/Endpoint/required", keyword: "required", params: { missingProperty: "host" }, message: "must have required property '" + "host" + "'" };
              if (vErrors === null) {
                vErrors = [err2];
              }
              else {
                vErrors.push(err2);
              }
              errors++;
            }
            if (data2.port === undefined) {
              const err3 = { instancePath: instancePath + "/endpoints/" + i0, schemaPath: "#/$defs/Endpoint/required", keyword: "required", params: { missingProperty: "port" }, message: "must have required property '" + "port" + "'" };
              if (vErrors === null) {
                vErrors = [err3];
              }
              else {
                vErrors.push(err3);
              }
              errors++;
            }
            for (const key0 in data2) {
              if (!((key0 === "host") || (key0 === "port"))) {
                const err4 = { instancePath: instancePath + "/endpoints/" + i0, schemaPath: "#/$defs/Endpoint/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key0 }, message: "must NOT have additional properties" };
                if (vErrors === null) {
                  vErrors = [err4];
                }
                else {
                  vErrors.push(err4);
                }
                errors++;
              }
            }
            if (data2.host !== undefined) {
              let data3 = data2.host;
              if (typeof data3 === "string") {
                if (!(formats0(data3))) {
                  const err5 = { instancePath: instancePath + "/endpoints/" + i0 + "/host", schemaPath: "#/$defs/Endpoint/properties/host/format", keyword: "format", params: { format: "hostname" }, message: "must match format \"" + "hostname" + "\"" };
                  if (vErrors === null) {
                    vErrors = [err5];
                  }
                  else {
                    vErrors.push(err5);
                  }
                  errors++;
                }
              }
              else {
                const err6 = { instancePath: instancePath + "/endpoints/" + i0 + "/host", schemaPath: "#/$defs/Endpoint/properties/host/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                if (vErrors === null) {
                  vErrors = [err6];
                }
                else {
                  vErrors.push(err6);
                }
                errors++;
              }
            }
            if (data2.port !== undefined) {
              let data4 = data2.port;
              if (!((typeof data4 == "number") && (!(data4 % 1) && !isNaN(data4)))) {
                const err7 = { instancePath: instancePath + "/endpoints/" + i0 + "/port", schemaPath: "#/$defs/Endpoint/properties/port/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
                if (vErrors === null) {
                  vErrors = [err7];
                }
                else {
                  vErrors.push(err7);
                }
                errors++;
              }
              if (typeof data4 == "number") {
                if (data4 > 65535 || isNaN(data4)) {
                  const err8 = { instancePath: instancePath + "/endpoints/" + i0 + "/port", schemaPath: "#/$defs/Endpoint/properties/port/maximum", keyword: "maximum", params: { comparison: "<=", limit: 65535 }, message: "must be <= 65535" };
                  if (vErrors === null) {
                    vErrors = [err8];
                  }
                  else {
                    vErrors.push(err8);
                  }
                  errors++;
                }
                if (data4 < 1 || isNaN(data4)) {
                  const err9 = { instancePath: instancePath + "/endpoints/" + i0 + "/port", schemaPath: "#/$defs/Endpoint/properties/port/minimum", keyword: "minimum", params: { comparison: ">=", limit: 1 }, message: "must be >= 1" };
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
          }
          else {
            const err10 = { instancePath: instancePath + "/endpoints/" + i0, schemaPath: "#/$defs/Endpoint/type", keyword: "type", params: { type: "object" }, message: "must be object" };
            if (vErrors === null) {
              vErrors = [err10];
            }
            else {
              vErrors.push(err10);
            }
            errors++;
          }
        }
      }
      else {
        const err11 = { instancePath: instancePath + "/endpoints", schemaPath: "#/properties/endpoints/type", keyword: "type", params: { type: "array" }, message: "must be array" };
        if (vErrors === null) {
          vErrors = [err11];
        }
        else {
          vErrors.push(err11);
        }
        errors++;
      }
    }
    if (data.token !== undefined) {
      let data5 = data.token;
      const _errs13 = errors;
      let valid5 = false;
      const _errs14 = errors;
      if (typeof data5 !== "string") {
        const err12 = { instancePath: instancePath + "/token", schemaPath: "#/properties/token/anyOf/0/type", keyword: "type", params: { type: "string" }, message: "must be string" };
        if (vErrors === null) {
          vErrors = [err12];
        }
        else {
          vErrors.push(err12);
        }
        errors++;
      }
      var _valid0 = _errs14 === errors;
      valid5 = valid5 || _valid0;
      const _errs16 = errors;
      if (data5 !== null) {
        const err13 = { instancePath: instancePath + "/token", schemaPath: "#/properties/token/anyOf/1/type", keyword: "type", params: { type: "null" }, message: "must be null" };
        if (vErrors === null) {
          vErrors = [err13];
        }
        else {
          vErrors.push(err13);
        }
        errors++;
      }
      var _valid0 = _errs16 === errors;
      valid5 = valid5 || _valid0;
      if (!valid5) {
        const err14 = { instancePath: instancePath + "/token", schemaPath: "#/properties/token/anyOf", keyword: "anyOf", params: {}, message: "must match a schema in anyOf" };
        if (vErrors === null) {
          vErrors = [err14];
        }
        else {
          vErrors.push(err14);
        }
        errors++;
      }
      else {
        errors = _errs13;
        if (vErrors !== null) {
          if (_errs13) {
            vErrors.length = _errs13;
          }
          else {
            vErrors = null;
          }
        }
      }
    }
  }
  else {
    const err15 = { instancePath, schemaPath: "#/type", keyword: "type", params: { type: "object" }, message: "must be object" };
    if (vErrors === null) {
      vErrors = [err15];
    }
    else {
      vErrors.push(err15);
    }
    errors++;
  }
  validate23.errors = vErrors;
  return errors === 0;
}
validate23.evaluated = { "props": { "mode": true, "endpoints": true, "token": true }, "dynamicProps": false, "dynamicItems": false };

