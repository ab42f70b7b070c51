// Instant filters of a list (trainings, resources). Without JavaScript the form stays
// hidden and the static pages per place, domain, theme… do the filtering; with it, the
// form appears and hides the items that do not match, as the reader chooses.
//
// Contract (see the templates that load this file):
//   <form class="filters" data-filters="LIST-ID" hidden> with <select name="FACET">
//     (first option value "" = all) and/or <input type="checkbox" name="FACET" value="KEY">
//   an element id="LIST-ID" (a <ul>, or a block of several lists) whose outermost <li>
//     carry data-FACET="key1 key2"
//   <p data-filters-count="LIST-ID" aria-live="polite"> filled with « N résultats »
//   <… data-filters-group="LIST-ID"> around a heading and part of the list: hidden when
//     none of its items is visible
for (const form of document.querySelectorAll("form[data-filters]")) {
  const id = form.dataset.filters;
  const list = document.getElementById(id);
  if (!list) continue;
  // the items: the outermost <li> inside the list (a card may hold lists of its own)
  const items = [...list.querySelectorAll("li:not(li li)")];
  const groups = [...document.querySelectorAll(`[data-filters-group="${id}"]`)];
  const counts = [...document.querySelectorAll(`[data-filters-count="${id}"]`)];

  const wanted = () => {
    const chosen = new Map(); // facet → keys, each required
    for (const field of form.elements) {
      if (!field.name) continue;
      if (field.type === "checkbox") {
        if (field.checked) chosen.set(field.name, [...(chosen.get(field.name) || []), field.value]);
      } else if (field.tagName === "SELECT" && field.value) {
        chosen.set(field.name, [...(chosen.get(field.name) || []), field.value]);
      }
    }
    return chosen;
  };

  const apply = () => {
    const chosen = wanted();
    let shown = 0;
    for (const item of items) {
      let match = true;
      for (const [facet, keys] of chosen) {
        const own = (item.getAttribute(`data-${facet}`) || "").split(/\s+/);
        if (!keys.every((key) => own.includes(key))) match = false;
      }
      item.hidden = !match;
      if (match) shown += 1;
    }
    for (const group of groups) {
      group.hidden = !group.querySelector("li:not([hidden])");
    }
    const text = shown === 0 ? "Aucun résultat" : shown === 1 ? "1 résultat" : `${shown} résultats`;
    for (const count of counts) count.textContent = text;
  };

  form.hidden = false;
  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    apply();
  });
  form.addEventListener("reset", () => setTimeout(apply));
}
