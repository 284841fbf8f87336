"""One module per page or flow; each registers its routes in `create()`."""
