// generated from actions.yaml by relgen; do not edit.
//
// ajv standalone validators of the actions' parameters (defaults filled in).

export const validateGetClusterStatus = validate52;
const schema19 = {
  type: "object",
  properties: {
    "include-peers": {
      type: "boolean",
      default: false,
      description: "Also list the peers this unit sees, and which of them are cl" + "ustered.",
    },
  },
  required: [],
  additionalProperties: false,
};

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
    if (data["include-peers"] === undefined) {
      data["include-peers"] = false;
    }
    for (const key0 in data) {
      if (!(key0 === "include-peers")) {
        const err0 = {
          instancePath,
          schemaPath: "#/additionalProperties",
          keyword: "additionalProperties",
          params: { additionalProperty: key0 },
          message: "must NOT have additional properties",
        };
        if (vErrors === null) {
          vErrors = [err0];
        } else {
          vErrors.push(err0);
        }
        errors++;
      }
    }
    if (typeof data["include-peers"] !== "boolean") {
      const err1 = {
        instancePath: instancePath + "/include-peers",
        schemaPath: "#/properties/include-peers/type",
        keyword: "type",
        params: { type: "boolean" },
        message: "must be boolean",
      };
      if (vErrors === null) {
        vErrors = [err1];
      } else {
        vErrors.push(err1);
      }
      errors++;
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
  validate52.errors = vErrors;
  return errors === 0;
}
validate52.evaluated = { props: true, dynamicProps: false, dynamicItems: false };
