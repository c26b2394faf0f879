// Opens an invoice's payment link in headless Chromium like a person: reads the invoice on
// the page, fills the test bank account form, pays part of the amount due, and comes back to
// see the page say so. Prints one JSON line with what it saw; test_pay_link_browser.py checks
// it against the API.
//
// Environment: PAY_URL, CHROMIUM, USER_DATA_DIR, SCREENSHOT, AMOUNT.
"use strict";

const { chromium } = require("playwright-core");

const LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"];

function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

(async () => {
  const context = await chromium.launchPersistentContext(env("USER_DATA_DIR"), {
    executablePath: env("CHROMIUM"),
    headless: true,
    args: LAUNCH_ARGS,
  });
  const result = { requests: [], consoleErrors: [] };
  try {
    const page = context.pages()[0] || (await context.newPage());
    page.on("request", (req) => result.requests.push(req.url()));
    page.on("console", (msg) => {
      if (msg.type() === "error") result.consoleErrors.push(msg.text());
    });
    await page.goto(env("PAY_URL"));
    result.title = await page.title();
    result.dueBefore = (await page.locator("#due").textContent()).trim();
    result.prefilledRouting = await page.locator("#routingNumber").inputValue();
    await page.fill("#nameOnAccount", "Pat Payer");
    await page.fill("#accountNumber", "123456789");
    await page.fill("#amount", env("AMOUNT"));
    await Promise.all([page.waitForLoadState("load"), page.click("#pay")]);
    result.confirmation = (await page.locator("#paid").textContent()).trim();
    result.dueAfter = (await page.locator("#due").textContent()).trim();
    result.status = (await page.locator("#status").textContent()).trim();
    await page.screenshot({ path: env("SCREENSHOT"), fullPage: true });
  } finally {
    await context.close();
  }
  console.log(JSON.stringify(result));
})().catch((err) => {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(1);
});
