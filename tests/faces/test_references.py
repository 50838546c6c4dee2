"""Reference faces: enrolled with consent, one face per photo, sealed at rest, withdrawn by the
employee, and only by those allowed."""

from __future__ import annotations

import struct

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hadir.audit.models import AuditEvent
from hadir.faces.models import FaceReference
from hadir.faces.sealing import SealBroken, unseal
from hadir.faces.services import reference_embeddings, reference_enrol, reference_withdraw
from tests.faces import faceset


def test_the_operator_enrols_a_photo_with_consent_and_only_a_sealed_embedding_is_kept(
    people, operator, store
):
    budi = people["budi"]
    reference = reference_enrol(
        actor=operator, employee=budi, photo=store(faceset.portrait()), consent=True
    )
    stored = bytes(FaceReference.objects.get(pk=reference.pk).sealed_embedding)
    (vector,) = reference_embeddings(budi)
    assert len(vector) == 128
    assert struct.pack("<4f", *vector[:4]) not in stored  # not in the clear
    with pytest.raises(SealBroken):
        unseal(stored, employee_id=people["sari_user"].employee_id)  # bound to its employee
    assert AuditEvent.objects.filter(action="face.enrol").count() == 1


@pytest.mark.parametrize(
    ("picture", "consent", "words"),
    [
        (faceset.portrait, False, "persetujuan"),
        (faceset.no_face, True, "Tidak ada wajah"),
        (faceset.two_faces, True, "2 wajah"),
    ],
)
def test_enrolment_refusals_say_what_to_do(people, operator, store, picture, consent, words):
    with pytest.raises(ValidationError) as refused:
        reference_enrol(
            actor=operator, employee=people["budi"], photo=store(picture()), consent=consent
        )
    assert words in " ".join(refused.value.messages)
    assert not FaceReference.objects.exists()


def test_a_pdf_is_not_a_reference_photo(people, operator, store):
    with pytest.raises(ValidationError):
        reference_enrol(
            actor=operator,
            employee=people["budi"],
            photo=store(b"%PDF-1.4\n%%EOF", "a.pdf"),
            consent=True,
        )


@pytest.mark.parametrize("who", ["other_head", "sari_user", "budi_user"])
def test_others_may_not_enrol_from_an_upload(people, store, who):
    with pytest.raises(PermissionDenied):
        reference_enrol(
            actor=people[who],
            employee=people["budi"],
            photo=store(faceset.portrait()),
            consent=True,
        )


def test_the_employee_withdraws_their_reference_and_the_embedding_is_erased(
    people, operator, store
):
    reference = reference_enrol(
        actor=operator, employee=people["budi"], photo=store(faceset.portrait()), consent=True
    )
    with pytest.raises(PermissionDenied):
        reference_withdraw(actor=people["sari_user"], reference=reference)
    reference_withdraw(actor=people["budi_user"], reference=reference)
    reference.refresh_from_db()
    assert reference.withdrawn_at is not None and bytes(reference.sealed_embedding) == b""
    assert reference_embeddings(people["budi"]) == []
    assert AuditEvent.objects.filter(action="face.withdraw").count() == 1


def test_a_recorded_capture_becomes_a_reference_and_a_refused_one_does_not(people, operator, send):
    from hadir.mobile.models import Outcome

    recorded = send(photo=faceset.jpeg(faceset.portrait())).capture
    assert recorded.outcome == Outcome.PUNCH  # no reference yet: judged by place and time
    reference = reference_enrol(
        actor=operator,
        employee=people["budi"],
        photo=recorded.photo,
        consent=True,
        capture=recorded,
    )
    assert reference.source == "capture" and reference.capture_id == recorded.pk
    far = send(photo=faceset.jpeg(faceset.portrait_variants()["dark"]), where=(0.0, 0.0)).capture
    assert far.outcome != Outcome.PUNCH
    with pytest.raises(ValidationError):
        reference_enrol(
            actor=operator, employee=people["budi"], photo=far.photo, consent=True, capture=far
        )
    with pytest.raises(ValidationError):  # someone else's capture
        reference_enrol(
            actor=operator, employee=people["sari_user"].employee, photo=recorded.photo,
            consent=True, capture=recorded,
        )  # fmt: skip
