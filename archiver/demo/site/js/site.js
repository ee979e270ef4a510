/* The Harbour Courier: swaps lazy images' data-src in once the page has loaded. */
(function () {
  var images = document.querySelectorAll("img[data-src]");
  for (var i = 0; i < images.length; i++) {
    images[i].src = images[i].getAttribute("data-src");
    images[i].removeAttribute("data-src");
  }
})();
