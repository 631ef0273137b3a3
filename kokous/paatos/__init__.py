"""The Finnish 6Aika Open Decisions API (Päätösrajapinta v0.0.5) at /api/paatos/v1/; the mapping
from Kokous's objects is documented in `kokous.paatos.representations`."""
