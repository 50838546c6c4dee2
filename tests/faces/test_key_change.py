"""Changing SECRET_KEY: the old key in SECRET_KEY_FALLBACKS still opens the sealed embeddings,
`hadir faces reseal` moves them to the new key, and one no key opens is counted, not fatal."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from hadir.faces.models import FaceReference
from hadir.faces.services import reference_embeddings, reference_enrol
from tests.faces import faceset

NEW_KEY = "a-new-secret-key-for-this-test-" + "x" * 30


@pytest.fixture
def enrolled(people, operator, store, settings):
    reference_enrol(
        actor=operator, employee=people["budi"], photo=store(faceset.portrait()), consent=True
    )
    (vector,) = reference_embeddings(people["budi"])
    return people["budi"], vector, settings.SECRET_KEY


def _reseal() -> str:
    out = StringIO()
    call_command("faces", "reseal", stdout=out)
    return out.getvalue()


def test_the_old_key_as_fallback_opens_and_reseal_moves_to_the_new_key(enrolled, settings):
    budi, vector, old_key = enrolled
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW_KEY, [old_key]
    assert reference_embeddings(budi) == [vector]  # opens with the fallback

    said = _reseal()
    assert "Disegel ulang dengan kunci baru: 1; sudah dengan kunci baru: 0" in said
    assert "kunci lama boleh dihapus" in said

    settings.SECRET_KEY_FALLBACKS = []
    assert reference_embeddings(budi) == [vector]  # the new key alone opens it now
    assert "Disegel ulang dengan kunci baru: 0; sudah dengan kunci baru: 1" in _reseal()


def test_without_the_old_key_the_reference_is_counted_unreadable_and_nothing_changes(
    enrolled, settings
):
    budi, _, _ = enrolled
    before = bytes(FaceReference.objects.get().sealed_embedding)
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW_KEY, []
    assert reference_embeddings(budi) == []  # skipped and logged, not a crash

    said = _reseal()
    assert "tidak terbuka dengan kunci mana pun: 1" in said
    assert "didaftarkan ulang" in said
    assert bytes(FaceReference.objects.get().sealed_embedding) == before
