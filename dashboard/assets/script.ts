/**
 * The dashboard's one script, served from the package. Progressive enhancement only: every
 * page works without it. It submits the filter forms when a choice changes, filters a long
 * table (installed programs) as one types, keeps the documents' download links in step with
 * the pickers, and shows the print button.
 */
export const SCRIPT_JS = `(function () {
  'use strict';
  var fold = function (s) {
    return (s || '').normalize('NFD').replace(/[\\u0300-\\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();
  };
  document.querySelectorAll('form[data-autosubmit] select').forEach(function (select) {
    select.addEventListener('change', function () {
      if (select.form.requestSubmit) select.form.requestSubmit(); else select.form.submit();
    });
  });
  document.querySelectorAll('input[data-filter]').forEach(function (input) {
    var table = document.getElementById(input.getAttribute('data-filter'));
    var count = document.getElementById(input.getAttribute('data-filter') + '-count');
    if (!table || !table.tBodies[0]) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var text = rows.map(function (r) { return fold(r.textContent); });
    var template = count ? count.getAttribute('data-template') : null;
    var apply = function () {
      var q = fold(input.value.trim());
      var shown = 0;
      rows.forEach(function (row, i) {
        var hit = !q || text[i].indexOf(q) >= 0;
        row.hidden = !hit;
        if (hit) shown++;
      });
      if (count && template) count.textContent = template.replace('{shown}', String(shown));
    };
    input.addEventListener('input', apply);
    var form = input.form;
    if (form) form.addEventListener('submit', function (e) { e.preventDefault(); apply(); });
  });
  document.querySelectorAll('form[data-document-pickers]').forEach(function (form) {
    var update = function () {
      var params = new URLSearchParams();
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name && el.value) params.set(el.name, el.value);
      });
      document.querySelectorAll('a[data-document]').forEach(function (a) {
        var query = params.toString();
        a.href = a.getAttribute('data-document') + (query ? '?' + query : '');
      });
    };
    form.addEventListener('change', update);
    form.addEventListener('input', update);
  });
  document.querySelectorAll('button[data-print]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
  });
})();
`;
