// The API docs page (/api/docs/): start the vendored Swagger UI on the generated OpenAPI document. The
// document's URL comes from the container's data-openapi-url: no inline script, as the site's
// Content-Security-Policy allows none. Without JavaScript the page still lists every operation's examples.
(() => {
  const container = document.getElementById("swagger-ui");
  if (!container || typeof window.SwaggerUIBundle === "undefined") return;
  window.SwaggerUIBundle({
    url: container.dataset.openapiUrl,
    domNode: container,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
    displayRequestDuration: true,
    validatorUrl: null,
  });
})();
