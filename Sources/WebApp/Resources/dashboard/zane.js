// Zane's dashboard: the little behaviour plain HTML lacks. Every page works without it.

// A form marked data-once sends once: a second click while the first request runs does nothing.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-once")) return;
  if (form.dataset.sent === "yes") { event.preventDefault(); return; }
  form.dataset.sent = "yes";
  for (const button of form.querySelectorAll("button[type=submit]")) button.disabled = true;
});

// A select marked data-autosubmit applies its choice at once.
document.addEventListener("change", (event) => {
  const select = event.target;
  if (select instanceof HTMLSelectElement && select.hasAttribute("data-autosubmit")) select.form?.requestSubmit();
});

// Pages restored from the back/forward cache get their forms back.
window.addEventListener("pageshow", (event) => {
  if (!event.persisted) return;
  for (const form of document.querySelectorAll("form[data-sent]")) {
    delete form.dataset.sent;
    for (const button of form.querySelectorAll("button[type=submit]")) button.disabled = false;
  }
});

// Times read as "3 minutes ago"; the exact time stays in the title.
const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const units = [["year", 31536000], ["month", 2592000], ["day", 86400], ["hour", 3600], ["minute", 60], ["second", 1]];
function humanize(element) {
  const seconds = (Date.parse(element.dateTime) - Date.now()) / 1000;
  if (Number.isNaN(seconds)) return;
  const [unit, size] = units.find(([, size]) => Math.abs(seconds) >= size) ?? ["second", 1];
  element.title ||= element.textContent;
  element.textContent = relative.format(Math.round(seconds / size), unit);
}
for (const element of document.querySelectorAll("time[datetime]")) humanize(element);
