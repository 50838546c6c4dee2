"""Events a person must attend (apel, upacara, senam...): what they are, who takes part,
the head's attendance list, and the facts the rules judge them by (``docs/rules.md``)."""
