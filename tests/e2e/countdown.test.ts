// The countdowns tick without re-rendering every card each second (docs/product.md §2): one clock, and a
// component renders again only when its own text changes. Renders are counted through React's
// DevTools hook (which production react-dom calls on every commit), with JavaScript on.
import { crudBy, expect, test } from "./fixtures";

declare global {
  interface Window {
    __renders: Record<string, number>;
    __commits: number;
  }
}

/**
 * Installs a minimal DevTools hook before React loads: after each commit it walks the fibers that
 * took part (skipping subtrees that bailed out), and counts each component that rendered, named by
 * its first element (`SPAN.expiry` for a countdown, `TIME` for an age, `ARTICLE.crud` for a card).
 */
function countRenders() {
  const PERFORMED_WORK = 1;
  const COMPONENT_TAGS = new Set([0, 1, 11, 14, 15]);
  const HOST = 5;
  type Fiber = { tag: number; flags: number; child: Fiber | null; sibling: Fiber | null; alternate: Fiber | null; stateNode: unknown };
  window.__renders = {};
  window.__commits = 0;
  const label = (fiber: Fiber) => {
    let at: Fiber | null = fiber;
    while (at && at.tag !== HOST) at = at.child;
    const element = at?.stateNode as Element | undefined;
    return element ? `${element.tagName}${element.classList.length ? `.${[...element.classList].join(".")}` : ""}` : "?";
  };
  const walk = (fiber: Fiber, mounting: boolean) => {
    const previous = fiber.alternate;
    const rendered = mounting || !previous || (fiber.flags & PERFORMED_WORK) === PERFORMED_WORK;
    if (COMPONENT_TAGS.has(fiber.tag) && rendered) window.__renders[label(fiber)] = (window.__renders[label(fiber)] ?? 0) + 1;
    // A subtree whose children are the very same fibers bailed out: nothing in it rendered.
    if (mounting || !previous || fiber.child !== previous.child)
      for (let child = fiber.child; child; child = child.sibling) walk(child, mounting || !child.alternate);
  };
  (window as unknown as { __REACT_DEVTOOLS_GLOBAL_HOOK__: object }).__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    isDisabled: false,
    renderers: new Map(),
    inject: () => 1,
    checkDCE: () => {},
    onScheduleFiberRoot: () => {},
    onCommitFiberUnmount: () => {},
    onPostCommitFiberRoot: () => {},
    onCommitFiberRoot: (_id: number, root: { current: Fiber }) => {
      window.__commits += 1;
      walk(root.current, false);
    },
  };
}

test("a tick renders only the countdown whose text changes: not the cards, not their ages, not the countdowns that show hours", async ({
  page,
  newUser,
}, testInfo) => {
  test.skip(testInfo.project.name === "js-off", "the countdowns tick with JavaScript");
  const author = await newUser("tick");
  // Eight cruds with days to live (their countdowns change once a minute), one in its last hour.
  for (let index = 0; index < 8; index += 1) {
    await crudBy(author, { text: `Days to live ${index}`, createdAt: "-10 minutes 30 seconds", lifetime: "2 days" });
  }
  await crudBy(author, { text: "Last hour", createdAt: "-10 minutes 30 seconds", lifetime: "30 minutes" });
  await page.addInitScript(countRenders);
  await page.goto(`/@${author.handle}`);
  const lastHour = page.locator("article.crud", { hasText: "Last hour" }).locator(".expiry time");
  await expect(page.locator("article.crud")).toHaveCount(9);

  // Once hydrated and ticking: start counting at one tick, stop at the next.
  const first = (await lastHour.textContent())!;
  await expect(lastHour).not.toHaveText(first);
  await page.evaluate(() => {
    window.__renders = {};
    window.__commits = 0;
  });
  const second = (await lastHour.textContent())!;
  await expect(lastHour).not.toHaveText(second);
  const { renders, commits } = await page.evaluate(() => ({ renders: window.__renders, commits: window.__commits }));

  expect(renders["SPAN.expiry"] ?? 0, JSON.stringify(renders)).toBeGreaterThanOrEqual(1);
  // At most the one countdown in its last hour per commit (the other eight would make it nine).
  expect(renders["SPAN.expiry"], JSON.stringify(renders)).toBeLessThanOrEqual(commits);
  expect(renders["ARTICLE.crud"], JSON.stringify(renders)).toBeUndefined();
  expect(renders["TIME"], JSON.stringify(renders)).toBeUndefined();
});
