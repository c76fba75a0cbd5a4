// The sidebar's panels as the server renders them (ADR 037): a profile never suggested on its own
// page, five suggestions at most, and Trending's counts said as what they are (people).
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SUGGESTIONS_SHOWN, SuggestedUsersPanel, TrendingPanel } from "~/components/sidebar-panels";

const people = ["ana", "bob", "cy", "dee", "eve", "fay"].map((handle) => ({ handle, displayName: handle.toUpperCase() }));
const suggested = (html: string) => [...html.matchAll(/href="\/@([a-z]+)"/g)].map((match) => match[1]);

describe("SuggestedUsersPanel", () => {
  it("shows five of the six the server sends", () => {
    expect(suggested(renderToStaticMarkup(<SuggestedUsersPanel users={people} />))).toEqual(["ana", "bob", "cy", "dee", "eve"]);
    expect(SUGGESTIONS_SHOWN).toBe(5);
  });
  it("leaves out the profile being read, and still shows five", () => {
    expect(suggested(renderToStaticMarkup(<SuggestedUsersPanel users={people} except="cy" />))).toEqual(["ana", "bob", "dee", "eve", "fay"]);
  });
});

describe("TrendingPanel", () => {
  it("counts people, not cruds", () => {
    const html = renderToStaticMarkup(
      <TrendingPanel
        tags={[
          { tag: "one", count: 1 },
          { tag: "many", count: 12 },
        ]}
      />,
    );
    expect(html).toContain("1 person");
    expect(html).toContain("12 people");
    expect(html).toContain("Used by the most people in the last 24 hours");
  });
});
