"""How much each visitor may ask of the service, and in what order it answers."""
