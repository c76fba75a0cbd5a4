// The small shared pieces, rendered as the server renders them (no JavaScript).
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ClockProvider } from "~/components/clock";
import { describedBy, Field, SelectField, TextareaField } from "~/components/forms";
import { Pager } from "~/components/pager";
import { RelativeTime } from "~/components/relative-time";
import { UserChip } from "~/components/user-chip";

const attr = (html: string, element: string, name: string) => new RegExp(`<${element}[^>]* ${name}="([^"]*)"`).exec(html)?.[1];

describe("TextareaField", () => {
  it("is labelled and describes itself by its hint", () => {
    const html = renderToStaticMarkup(<TextareaField label="Bio" name="bio" hint="At most 160 characters." maxLength={160} />);
    expect(html).toContain('<label for="field-bio">Bio</label>');
    expect(attr(html, "textarea", "aria-describedby")).toBe("field-bio-hint");
    expect(attr(html, "textarea", "maxLength")).toBe("160");
    expect(html).not.toContain("aria-invalid");
  });

  it("keeps the hint described when an error is shown", () => {
    const html = renderToStaticMarkup(<TextareaField label="Bio" name="bio" hint="At most 160 characters." error="Use at most 160 characters" />);
    expect(attr(html, "textarea", "aria-describedby")).toBe("field-bio-hint field-bio-error");
    expect(attr(html, "textarea", "aria-invalid")).toBe("true");
    expect(html).toContain('<p id="field-bio-error" class="field-error">Use at most 160 characters</p>');
    expect(html).toContain('<p id="field-bio-hint" class="hint">At most 160 characters.</p>');
  });

  it("takes its own id, another description and a visually hidden label (the crud form)", () => {
    const html = renderToStaticMarkup(
      <TextareaField id="crud-message" label="Say" name="message" hiddenLabel describedAlso="crud-message-left" error="Write something first" />,
    );
    expect(html).toContain('<label for="crud-message" class="visually-hidden">Say</label>');
    expect(attr(html, "textarea", "aria-describedby")).toBe("crud-message-left crud-message-error");
  });
});

describe("SelectField", () => {
  const options = [
    { value: "1-day", label: "1 day" },
    { value: "1-hour", label: "1 hour" },
  ];

  it("is labelled, lists its options with the chosen one selected, and describes itself by its hint and error", () => {
    const html = renderToStaticMarkup(
      <SelectField label="Lifetime" name="ttl" options={options} defaultValue="1-hour" hint="Starts here." error="Choose one" />,
    );
    expect(html).toContain('<label for="field-ttl">Lifetime</label>');
    expect(attr(html, "select", "aria-describedby")).toBe("field-ttl-hint field-ttl-error");
    expect(attr(html, "select", "aria-invalid")).toBe("true");
    expect(html).toContain('<option value="1-day">1 day</option><option value="1-hour" selected="">1 hour</option>');
    expect(html).toContain('<p id="field-ttl-hint" class="hint">Starts here.</p>');
    expect(html).toContain('<p id="field-ttl-error" class="field-error">Choose one</p>');
  });
});

describe("describedBy", () => {
  it("lists hint, other description and error, or nothing", () => {
    expect(describedBy("crud-ttl", { error: "Choose one" })).toBe("crud-ttl-error");
    expect(describedBy("x", {})).toBeUndefined();
    const html = renderToStaticMarkup(<Field label="Name" name="name" hint="h" error="e" />);
    expect(attr(html, "input", "aria-describedby")).toBe("field-name-hint field-name-error");
  });
});

describe("Pager", () => {
  it("is an 'Older' link with rel=next, or nothing without a next page", () => {
    expect(renderToStaticMarkup(<Pager href="/?cursor=abc" />)).toBe(
      '<nav class="pager" aria-label="Pagination"><a href="/?cursor=abc" rel="next" class="button secondary">Older</a></nav>',
    );
    expect(renderToStaticMarkup(<Pager href={undefined} />)).toBe("");
  });

  it("can say something else, without rel", () => {
    const html = renderToStaticMarkup(
      <Pager href="/messages/@ana" label="Newer messages" rel={null}>
        Latest messages
      </Pager>,
    );
    expect(html).toBe('<nav class="pager" aria-label="Newer messages"><a href="/messages/@ana" class="button secondary">Latest messages</a></nav>');
  });
});

describe("UserChip", () => {
  it("shows the avatar, the display name and the @handle, then its children", () => {
    const html = renderToStaticMarkup(
      <UserChip user={{ handle: "ana", displayName: "Ana Lima" }} size={40}>
        <span className="bio">Hi</span>
      </UserChip>,
    );
    expect(html).toMatch(/^<span class="avatar" aria-hidden="true" style="[^"]*width:40px[^"]*">AL<\/span>/);
    expect(html).toContain('<span class="who"><span class="display-name">Ana Lima</span><span class="handle">@ana</span><span class="bio">Hi</span></span>');
  });
});

describe("RelativeTime", () => {
  const now = new Date("2026-01-02T12:00:00Z");
  const then = new Date("2026-01-02T09:30:00Z");

  it("renders the age against the page's clock, with the exact time", () => {
    const html = renderToStaticMarkup(
      <ClockProvider serverNow={now}>
        <RelativeTime date={then} />
      </ClockProvider>,
    );
    expect(html).toBe('<time dateTime="2026-01-02T09:30:00.000Z" title="2026-01-02 09:30 UTC">2h</time>');
  });

  it("leaves the title to a link around it when asked", () => {
    const html = renderToStaticMarkup(
      <ClockProvider serverNow={now}>
        <RelativeTime date={then} exactTitle={false} />
      </ClockProvider>,
    );
    expect(html).toBe('<time dateTime="2026-01-02T09:30:00.000Z">2h</time>');
  });
});
