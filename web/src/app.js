// cityskills: progressive enhancement only. Every page works without this file.
import { enhanceLessons } from './catalog.js';

// Move focus to the error summary after a failed form submission, so screen-reader and
// keyboard users hear what to fix first.
function focusErrorSummary() {
  const summary = document.getElementById('error-summary');
  if (summary) summary.focus();
}

// Disable a form's submit button while it is being sent, to avoid accidental double posts
// (the server also answers duplicates safely).
function guardDoubleSubmit() {
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (form.dataset.submitting === 'true') {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = 'true';
    for (const button of form.querySelectorAll('button[type="submit"]')) button.setAttribute('aria-disabled', 'true');
  });
  // Back/forward cache: make the form usable again when the page is shown from history.
  window.addEventListener('pageshow', () => {
    for (const form of document.querySelectorAll('form[data-submitting]')) delete form.dataset.submitting;
  });
}

// Event times are printed in the event's own time zone; when the visitor's device is in
// another zone, add the time there too.
function showLocalTimes() {
  let zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return;
  }
  for (const el of document.querySelectorAll('time[data-local-time][data-zone]')) {
    if (!zone || el.dataset.zone === zone) continue;
    const when = new Date(el.getAttribute('datetime'));
    if (Number.isNaN(when.getTime())) continue;
    const format = new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: 'long', timeStyle: 'short' });
    const note = document.createElement('span');
    note.className = 'cs-local-time';
    note.textContent = ` (${el.dataset.yourTime}: ${format.format(when)})`;
    el.after(note);
  }
}

// The main menu is a disclosure (it works without this file). With JavaScript it stays open on
// wide screens, where its toggle is hidden, and starts closed on narrow ones.
function enhanceMainMenu() {
  const menu = document.querySelector('details[data-cs-menu]');
  if (!menu) return;
  document.documentElement.classList.add('cs-js');
  const wide = window.matchMedia('(min-width: 992px)');
  const apply = () => { menu.open = wide.matches; };
  apply();
  wide.addEventListener('change', apply);
}

document.addEventListener('DOMContentLoaded', () => {
  enhanceMainMenu();
  focusErrorSummary();
  guardDoubleSubmit();
  showLocalTimes();
  enhanceLessons();
});
