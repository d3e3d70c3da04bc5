/** config-get, unit-get, network-get. */
import { boolFlag, checkEmpty, goQuote, RunError, UsageError } from "./flags.js";
import { Ordered, type GoValue } from "./gojson.js";
import { Output, RelationIdFlag } from "./common.js";
import type { ToolDef } from "./registry.js";

export const configGet: ToolDef = {
  name: "config-get",
  info: {
    name: "config-get",
    args: "[<key>]",
    purpose: "Print application configuration.",
    doc: "Prints one configuration value, or all values that are set (with --all, unset ones too, as null). A missing key prints nothing (null in JSON).",
  },
  setup(ctx) {
    const out = new Output();
    let all = false;
    return {
      flags: [...out.flags(), boolFlag(["a", "all"], "Print all keys, including those without a value", (v) => (all = v))],
      run(args, io) {
        let key = "";
        if (args.length > 0) {
          key = args[0]!;
          if (key !== "" && all) throw new UsageError(`cannot use argument --all together with key ${goQuote(key)}`);
          checkEmpty(args.slice(1));
        }
        const settings: Record<string, GoValue> = { ...ctx.config() };
        if (key === "") {
          if (!all) for (const k of Object.keys(settings)) if (settings[k] === null) delete settings[k];
          return out.write(settings, io.cwd);
        }
        return out.write(Object.hasOwn(settings, key) ? settings[key]! : null, io.cwd);
      },
    };
  },
};

export const unitGet: ToolDef = {
  name: "unit-get",
  info: { name: "unit-get", args: "<setting>", purpose: "Print public-address or private-address." },
  setup(ctx) {
    const out = new Output();
    return {
      flags: out.flags(),
      run(args, io) {
        if (args.length === 0) throw new UsageError("no setting specified");
        const key = args[0]!;
        if (key !== "private-address" && key !== "public-address") throw new UsageError(`unknown setting ${goQuote(key)}`);
        checkEmpty(args.slice(1));
        return out.write(key === "private-address" ? ctx.privateAddress() : ctx.publicAddress(), io.cwd);
      },
    };
  },
};

export const networkGet: ToolDef = {
  name: "network-get",
  info: {
    name: "network-get",
    args: "<binding-name> [--ingress-address] [--bind-address] [--egress-subnets]",
    purpose: "Get network config.",
    doc: [
      "Prints the network configuration of a binding (an endpoint or extra binding): its interfaces and",
      "addresses, ingress addresses and egress subnets. With one selector flag only that value is printed;",
      "with several, a map of them. --primary-address (deprecated) prints the first address and must be",
      "the only selector.",
    ].join("\n"),
  },
  setup(ctx) {
    const out = new Output();
    const rel = new RelationIdFlag(ctx);
    const sel = { primary: false, bind: false, ingress: false, egress: false };
    return {
      flags: [
        ...out.flags(),
        boolFlag(["primary-address"], "(deprecated) get the primary address for the binding", (v) => (sel.primary = v)),
        boolFlag(["bind-address"], "get the address the unit should listen on", (v) => (sel.bind = v)),
        boolFlag(["ingress-address"], "get the ingress address for the binding", (v) => (sel.ingress = v)),
        boolFlag(["egress-subnets"], "get the egress subnets for the binding", (v) => (sel.egress = v)),
        ...rel.flags("specify a relation by id"),
      ],
      run(args, io) {
        if (args.length < 1) throw new UsageError("no arguments specified");
        const binding = args[0]!;
        if (binding === "") throw new UsageError("no binding name specified");
        const keys: string[] = [];
        if (sel.bind) keys.push("bind-address");
        if (sel.ingress) keys.push("ingress-address");
        if (sel.egress) keys.push("egress-subnets");
        checkEmpty(args.slice(1));

        const net = ctx.network(binding);
        if (!net) throw new RunError(`no network config found for binding ${goQuote(binding)}`);
        const egress = [`${net.address}/32`];
        if (!sel.primary && keys.length === 0) {
          const address = new Ordered([
            ["hostname", ""],
            ["value", net.address],
            ["cidr", net.cidr],
          ]);
          const iface = new Ordered([
            ["mac-address", net.macAddress],
            ["interface-name", net.interfaceName],
            ["addresses", [address]],
          ]);
          if (out.format === "yaml" || out.format === "smart") {
            // yaml.v2 also writes the legacy field names older agents expected.
            const yamlAddress = new Ordered([...address.entries, ["address", net.address]]);
            const yamlIface = new Ordered([
              ["mac-address", net.macAddress],
              ["interface-name", net.interfaceName],
              ["addresses", [yamlAddress]],
              ["macaddress", net.macAddress],
              ["interfacename", net.interfaceName],
            ]);
            return out.write(
              new Ordered([
                ["bind-addresses", [yamlIface]],
                ["egress-subnets", egress],
                ["ingress-addresses", [net.address]],
              ]),
              io.cwd,
            );
          }
          return out.write(
            new Ordered([
              ["bind-addresses", [iface]],
              ["egress-subnets", egress],
              ["ingress-addresses", [net.address]],
            ]),
            io.cwd,
          );
        }
        if (sel.primary) {
          if (keys.length > 0) throw new RunError("--primary-address must be the only flag specified");
          return out.write(net.address, io.cwd);
        }
        const values: Record<string, GoValue> = {};
        if (sel.egress) values["egress-subnets"] = egress;
        if (sel.ingress) values["ingress-address"] = net.address;
        if (sel.bind) values["bind-address"] = net.address;
        if (keys.length === 1) return out.write(values[keys[0]!]!, io.cwd);
        return out.write(values, io.cwd);
      },
    };
  },
};
