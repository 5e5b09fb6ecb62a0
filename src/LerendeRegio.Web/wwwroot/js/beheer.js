// Small enhancements of the staff pages; every page works without this file.
(function () {
  'use strict';
  // GOV.UK pattern: after a failed save, move focus to the summary of errors so it is read out first.
  var summary = document.getElementById('fouten');
  if (summary) summary.focus();

  // Markdown preview without a page reload; without JavaScript the button posts the form and the page comes back
  // with the preview rendered by the server.
  document.addEventListener('click', function (event) {
    var button = event.target.closest ? event.target.closest('button[data-preview]') : null;
    if (!button || !button.form) return;
    var field = document.getElementById(button.getAttribute('data-preview'));
    var output = document.getElementById(button.getAttribute('data-preview') + '-voorbeeld');
    var token = button.form.querySelector('input[name="__RequestVerificationToken"]');
    if (!field || !output || !token || !window.fetch) return;
    event.preventDefault();
    var body = new FormData();
    body.append('tekst', field.value);
    body.append('__RequestVerificationToken', token.value);
    fetch('/beheer/voorbeeld', { method: 'POST', body: body, credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        output.innerHTML = '<p class="preview__label">Voorbeeld, zoals het op de site komt:</p>' + html;
      })
      .catch(function () { button.form.requestSubmit(button); });
  });
})();

// GOV.UK pattern: a link in the error summary puts the cursor in the field, not only the page at it.
document.addEventListener('click', function (event) {
  var link = event.target.closest ? event.target.closest('.error-summary a[href^="#"]') : null;
  if (!link) return;
  var target = document.getElementById(link.getAttribute('href').slice(1));
  if (!target) return;
  event.preventDefault();
  target.scrollIntoView({ block: 'center' });
  target.focus();
});
