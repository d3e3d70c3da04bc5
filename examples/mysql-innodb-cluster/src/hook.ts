/** The hook program: Juju runs it (through `dispatch`) for every event. */
import { charm } from "./charm.js";

void charm.run();
