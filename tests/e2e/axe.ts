// axe-core in the page under test (docs/product.md §8, ADR 046): WCAG 2.1 A/AA, run with axe.run in the page
// itself. @axe-core/playwright's analyze() costs ~1 s a call (axe's source evaluated in the page, then a new blank
// page opened, the source evaluated there too, for axe.finishRun); here the source goes in once per document and a
// run is one evaluate. What axe.run in the page
// cannot reach is a cross-origin frame: a Cruddur page has no frame at all, and each run says so first.
import axe from "axe-core";
import { expect, type Page } from "@playwright/test";

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** The WCAG 2.1 A/AA rules that read colours (axe's cat.color): the only ones a theme can change, as the themes differ in colours alone (app.css). */
export const COLOUR_RULES = axe
  .getRules(["cat.color"])
  .filter((rule) => rule.tags.some((tag) => WCAG_TAGS.includes(tag)))
  .map((rule) => rule.ruleId);

declare global {
  interface Window {
    axe?: typeof axe;
  }
}

/** axe's results for the page as it is now: every WCAG 2.1 A/AA rule, or only those given. */
export async function axeResults(page: Page, rules?: string[]): Promise<axe.AxeResults> {
  expect(
    page.frames().map((frame) => frame.url()),
    "the page has no frame (axe.run checks same-origin frames only)",
  ).toEqual([page.url()]);
  if (!(await page.evaluate(() => typeof window.axe?.run === "function"))) await page.evaluate(axe.source);
  const options: axe.RunOptions = rules ? { runOnly: { type: "rule", values: rules } } : { runOnly: { type: "tag", values: WCAG_TAGS } };
  return page.evaluate((runOptions) => window.axe!.run(document, runOptions), options);
}

/** One line per violation and element: rule, where, and axe's summary of what fails. */
export async function violations(page: Page, rules?: string[]): Promise<string[]> {
  const { violations } = await axeResults(page, rules);
  return violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id}: ${node.target.join(" ")} — ${node.failureSummary?.replace(/\s+/g, " ")}`),
  );
}
