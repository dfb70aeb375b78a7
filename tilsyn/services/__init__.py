"""Write services of the tilsyn app (see the modules): frister (the deadline engine),
notifikation, opfoelgning and tilsyn (§ 148)."""
