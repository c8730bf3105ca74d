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

// Each live region's markup as the server sent it, kept before the script changes it (times humanized),
// so that a refresh replaces only what the server changed.
const served = new WeakMap();
for (const region of document.querySelectorAll("[data-live][id]")) served.set(region, region.innerHTML);

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

// Regions marked data-live (statuses, lists of deployments or services) follow the server: the page is
// fetched again and each region replaced by its fresh copy, every 5 s while the tab is visible.
async function refreshLiveRegions() {
  const response = await fetch(location.href, { headers: { Accept: "text/html" } });
  if (!response.ok) return;
  const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
  for (const region of document.querySelectorAll("[data-live][id]")) {
    const next = fresh.getElementById(region.id);
    if (!next || next.innerHTML === served.get(region)) continue;
    served.set(next, next.innerHTML);
    region.replaceWith(next);
    for (const element of next.querySelectorAll("time[datetime]")) humanize(element);
  }
}
let polling = false;
function pollLiveRegions() {
  if (polling || !document.querySelector("[data-live][id]")) return;
  polling = true;
  setInterval(() => { if (!document.hidden) refreshLiveRegions().catch(() => {}); }, 5000);
}
// A build log that follows its deployment's status makes polling needless, unless its stream is refused.
if (!document.querySelector(".log[data-follow-status]")) pollLiveRegions();

// A log marked data-stream grows with the server-sent events of its address: lines already shown (same
// id) are skipped, and the view stays at the bottom unless the reader scrolled up. A build log also
// hears its deployment's status, and stops once the deployment has finished.
function logLine(line, contextPrefix) {
  const row = document.createElement("div");
  row.className = line.level === "ERROR" ? "line error" : "line";
  row.dataset.id = line.id;
  const time = document.createElement("time");
  time.textContent = line.time.slice(11, 23);
  const text = document.createElement("span");
  text.className = "text";
  text.textContent = line.content_text;
  row.append(time, text);
  if (contextPrefix) {
    const link = document.createElement("a");
    link.className = "context";
    link.href = contextPrefix + line.timestamp;
    link.textContent = "context";
    row.append(link);
  }
  return row;
}
const maxLogLines = 5000;
for (const log of document.querySelectorAll(".log[data-stream]")) {
  const seen = new Set([...log.querySelectorAll("[data-id]")].map((row) => row.dataset.id));
  const source = new EventSource(log.dataset.stream);
  log.scrollTop = log.scrollHeight;
  source.addEventListener("log", (event) => {
    const line = JSON.parse(event.data);
    if (seen.has(line.id)) return;
    seen.add(line.id);
    log.querySelector("[data-placeholder]")?.remove();
    const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 16;
    log.append(logLine(line, log.dataset.context));
    // A page left open for hours keeps the latest lines only, so its memory stays bounded.
    while (log.childElementCount > maxLogLines) {
      const oldest = log.firstElementChild;
      seen.delete(oldest.dataset.id);
      oldest.remove();
    }
    if (atBottom) log.scrollTop = log.scrollHeight;
  });
  source.addEventListener("status", () => { refreshLiveRegions().catch(() => {}); });
  // A refused stream (too many open, signed out) is not retried by the browser: the page polls instead.
  source.addEventListener("error", () => { if (source.readyState === EventSource.CLOSED) pollLiveRegions(); });
  source.addEventListener("end", () => {
    source.close();
    log.dataset.finished = "yes";
    refreshLiveRegions().catch(() => {});
  });
}

// The top bar's search box shows the hits of /search below itself while one types; Enter opens that page.
const searchBox = document.querySelector("input[data-search]");
const searchPopup = document.getElementById("search-popup");
let searchTimer;
searchBox?.addEventListener("input", () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(async () => {
    const query = searchBox.value.trim();
    if (!query) { searchPopup.hidden = true; return; }
    const response = await fetch("/search?query=" + encodeURIComponent(query));
    const hits = new DOMParser().parseFromString(await response.text(), "text/html").getElementById("search-hits");
    if (searchBox.value.trim() !== query || !hits) return;
    searchPopup.replaceChildren(...hits.childNodes);
    searchPopup.hidden = false;
  }, 150);
});
searchBox?.addEventListener("keydown", (event) => {
  if (event.key === "ArrowDown") { searchPopup.querySelector("a")?.focus(); event.preventDefault(); }
  if (event.key === "Escape") searchPopup.hidden = true;
});
document.addEventListener("click", (event) => {
  if (searchPopup && !searchPopup.contains(event.target) && event.target !== searchBox) searchPopup.hidden = true;
});
