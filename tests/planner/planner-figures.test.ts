import { docFiguresBlock, plannerFiguresBlock } from "../../tools/config-reference/planner-figures";

/** docs/activation-planner.md states the days the planner gives (npm run planner-figures -- --write). */
test("the planner page's figures are what the planner computes", () => {
  expect(docFiguresBlock()).toBe(plannerFiguresBlock());
  expect(plannerFiguresBlock()).toMatch(/\| 25,000 \| 17 \| 12 \| 12 \|/);
});
