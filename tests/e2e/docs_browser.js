// Drives /connect/docs in headless Chromium like a person: API login through "Try it out",
// then Create a customer through "Try it out" (the page fills devKey and sessionId itself),
// then Create a vendor and Create a bill with the examples as they are.
// Prints one JSON line with what happened; test_docs_browser.py checks it against the API.
//
// Environment: DOCS_URL, CHROMIUM, USER_DATA_DIR, SCREENSHOT, CUSTOMER_NAME.
"use strict";

const { chromium } = require("playwright-core");

const LAUNCH_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function operation(page, summary) {
  return page.locator(".opblock").filter({
    has: page.locator(".opblock-summary-description", { hasText: new RegExp(`^${summary}$`) }),
  });
}

async function tryItOut(page, summary, body) {
  const op = operation(page, summary);
  await op.locator(".opblock-summary").first().click();
  await op.locator("button.try-out__btn").click();
  const result = { prefilledBody: null, headerFields: [] };
  const textarea = op.locator("textarea.body-param__text");
  if (await textarea.count()) {
    result.prefilledBody = await textarea.inputValue();
    if (body) await textarea.fill(body(result.prefilledBody));
  }
  for (const input of await op.locator(".parameters input[type=text], .parameters input:not([type])").all()) {
    result.headerFields.push(await input.inputValue());
  }
  await op.locator("button.execute").click();
  const status = op.locator(".live-responses-table .response .response-col_status").first();
  await status.waitFor({ timeout: 30000 });
  result.status = Number((await status.innerText()).trim());
  const bodyText = await op.locator(".live-responses-table .response-col_description pre").first().innerText();
  try {
    result.body = JSON.parse(bodyText);
  } catch (e) {
    result.body = bodyText;
  }
  await op.scrollIntoViewIfNeeded();
  return result;
}

async function main() {
  const context = await chromium.launchPersistentContext(env("USER_DATA_DIR"), {
    executablePath: env("CHROMIUM"),
    headless: true,
    args: LAUNCH_ARGS,
    viewport: { width: 1280, height: 1600 },
  });
  const out = { requests: [], consoleErrors: [] };
  try {
    const page = context.pages()[0] || (await context.newPage());
    page.on("console", (msg) => {
      if (msg.type() === "error") out.consoleErrors.push(msg.text());
    });
    page.on("request", (req) => out.requests.push(req.url()));
    await page.goto(env("DOCS_URL"), { waitUntil: "load" });
    await operation(page, "API login").waitFor({ timeout: 30000 });
    out.tags = await page.locator(".opblock-tag-section h3 .nostyle span, .opblock-tag-section h3 a span").allInnerTexts();
    out.bannerBefore = await page.locator("#bill-sandbox-session").innerText();

    out.login = await tryItOut(page, "API login");
    out.bannerAfter = await page.locator("#bill-sandbox-session").innerText();

    const create = operation(page, "Create a customer");
    // Start from the body the page offers (the spec's example), with a name of our own.
    out.create = await tryItOut(page, "Create a customer", (prefilled) =>
      JSON.stringify({ ...JSON.parse(prefilled), name: env("CUSTOMER_NAME") }, null, 2)
    );
    out.curl = await create.locator(".curl-command .curl, .curl-command pre").first().innerText().catch(() => "");
    // Examples as they are: a vendor, then a bill whose example names {{vendorId}}, which the
    // page fills with the vendor it just created.
    out.vendor = await tryItOut(page, "Create a vendor");
    out.bill = await tryItOut(page, "Create a bill");
    // The top of the page (session banner, login) and the customer created through the page.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: env("SCREENSHOT").replace(/\.png$/, "-top.png") });
    await create.screenshot({ path: env("SCREENSHOT") });
  } finally {
    await context.close();
  }
  process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((err) => {
  process.stderr.write(String((err && err.stack) || err) + "\n");
  process.exit(1);
});
