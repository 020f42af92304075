// The OpenAPI page: Swagger UI, served from this server, reading this server's /openapi.json.
window.addEventListener("load", function () {
  window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });
});
