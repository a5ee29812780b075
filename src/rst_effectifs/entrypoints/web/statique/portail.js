/* The portal's own script: only comfort, every page works without it.
   « Tout cocher » ticks or unticks every salarié of the list at once (without script the
   server reads that box itself and acts on every salarié shown), and follows the boxes
   ticked one by one. Events are delegated to the document, so lists that htmx swaps in
   keep working. */
(function () {
  "use strict";
  function cases(tout) {
    var formulaire = tout.form;
    return formulaire ? formulaire.querySelectorAll('input[type="checkbox"][name="salarie_ids"]') : [];
  }
  function suivre(tout) {
    var boites = cases(tout), cochees = 0;
    for (var i = 0; i < boites.length; i++) { if (boites[i].checked) { cochees++; } }
    tout.checked = boites.length > 0 && cochees === boites.length;
    tout.indeterminate = cochees > 0 && cochees < boites.length;
  }
  document.addEventListener("change", function (evenement) {
    var cible = evenement.target;
    if (!(cible instanceof HTMLInputElement)) { return; }
    if (cible.hasAttribute("data-tout-cocher")) {
      var boites = cases(cible);
      for (var i = 0; i < boites.length; i++) { boites[i].checked = cible.checked; }
    } else if (cible.name === "salarie_ids" && cible.form) {
      var tout = cible.form.querySelector("input[data-tout-cocher]");
      if (tout) { suivre(tout); }
    }
  });
})();
