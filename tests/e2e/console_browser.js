// Drives the console at / in headless Chromium: reads an organization's clock, clicks
// "+1 day" for it, waits for the live event list to fill, takes screenshots.
// Prints one JSON line; test_console_browser.py checks it against the control plane.
//
// Environment: CONSOLE_URL, CHROMIUM, USER_DATA_DIR, SCREENSHOT, ORG_ID.
"use strict";

const { chromium } = require("playwright-core");

function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function main() {
  const context = await chromium.launchPersistentContext(env("USER_DATA_DIR"), {
    executablePath: env("CHROMIUM"),
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    viewport: { width: 1400, height: 1000 },
  });
  const out = { requests: [], consoleErrors: [] };
  try {
    const page = context.pages()[0] || (await context.newPage());
    page.on("console", (msg) => { if (msg.type() === "error") out.consoleErrors.push(msg.text()); });
    page.on("request", (req) => out.requests.push(req.url()));
    await page.goto(env("CONSOLE_URL"), { waitUntil: "load" });
    out.title = await page.title();
    out.links = await page.locator("header nav a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    const row = page.locator(`tr[id="${env("ORG_ID")}"]`);
    out.before = (await row.locator("code.now").innerText()).trim();
    out.signIn = await row.locator("td").nth(1).innerText();
    await row.locator("button", { hasText: "+1 day" }).click();
    await page.waitForLoadState("load");
    out.notice = await page.locator("#notice").innerText();
    out.after = (await page.locator(`tr[id="${env("ORG_ID")}"] code.now`).innerText()).trim();
    await page.locator("#events tbody tr td", { hasText: "vendor.created" }).first().waitFor({ timeout: 15000 });
    out.events = await page.locator("#events tbody tr").allInnerTexts();
    await page.screenshot({ path: env("SCREENSHOT"), fullPage: true });
  } finally {
    await context.close();
  }
  process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((err) => {
  process.stderr.write(String((err && err.stack) || err) + "\n");
  process.exit(1);
});
