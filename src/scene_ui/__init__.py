"""Scene's member UI: NiceGUI pages calling the same domain services as the API, in-process."""
