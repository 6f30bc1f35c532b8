/** npm run golden:update: rewrites tests/golden/ from today's generators; review the diff before committing. */
import { GOLDEN_PLANS, writeGolden } from "../tests/support/golden";

for (const name of Object.keys(GOLDEN_PLANS)) {
  writeGolden(name);
  console.log(`tests/golden/${name}/`);
}
