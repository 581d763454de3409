// Narrows the register table by category, unit, year and free text. Without this
// script the form stays hidden and the full table shows: it is the complete register.
(function () {
  "use strict";
  var form = document.getElementById("saring");
  var table = document.querySelector("table[data-filterable]");
  if (!form || !table || !table.tBodies.length) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var status = document.getElementById("saring-status");
  function fold(text) {
    return text.toLocaleLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  var texts = rows.map(function (row) { return fold(row.textContent); });
  function apply() {
    var letter = form.elements.kategori.value;
    var unit = form.elements.unit.value;
    var year = form.elements.tahun.value;
    var words = fold(form.elements.q.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row, index) {
      var match = (!letter || row.dataset.letters.split(" ").indexOf(letter) >= 0)
        && (!unit || row.dataset.unit === unit)
        && (!year || row.dataset.year === year)
        && words.every(function (word) { return texts[index].indexOf(word) >= 0; });
      row.hidden = !match;
      if (match) shown += 1;
    });
    status.textContent = status.dataset.template
      .replace("{shown}", String(shown)).replace("{total}", String(rows.length));
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  form.hidden = false;
  apply();
})();
