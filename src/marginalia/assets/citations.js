/* Citation previews work with CSS alone; this only lets Escape dismiss an open preview
   (WCAG 1.4.13), until the pointer or focus leaves the citation. */
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelectorAll(".mg-cite__item:hover, .mg-cite__item:focus-within");
    for (var i = 0; i < open.length; i++) open[i].classList.add("mg-cite--dismissed");
  });
  function reset(event) {
    var item = event.target.closest && event.target.closest(".mg-cite__item");
    if (item) item.classList.remove("mg-cite--dismissed");
  }
  document.addEventListener("mouseover", reset);
  document.addEventListener("focusin", reset);
})();
