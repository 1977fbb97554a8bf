"""The public web side: the chat widget script (``/widget.js``) and the demo career site."""
