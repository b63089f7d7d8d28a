"""API representations of the register, derived from the field specs (specs.py)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from qms.core.api.serializers import StrictModelSerializer, StrictSerializer
from qms.core.specs import VERSION_HELP, SpecReadSerializer, SpecWriteSerializer

from ..models import Document, DocumentRevision
from ..specs import DOCUMENT, NUMBERING_SCHEME, REVISION


def _clauses_queryset() -> Any:
    from qms.standards.models import Clause

    return Clause.objects.all()


class NumberingSchemeSerializer(SpecReadSerializer):
    spec = NUMBERING_SCHEME


class NumberingSchemeWriteSerializer(SpecWriteSerializer):
    spec = NUMBERING_SCHEME


class DocumentSerializer(SpecReadSerializer):
    spec = DOCUMENT
    owner_email = serializers.EmailField(source="owner.email", read_only=True, allow_null=True)
    process_name = serializers.CharField(source="process.name", read_only=True, allow_null=True)
    current_revision_number = serializers.IntegerField(
        source="current_revision.number", read_only=True, allow_null=True
    )


class DocumentWriteSerializer(StrictModelSerializer):
    """The register entry a client may set. On creation an empty `number` takes the next
    number of the type's scheme, `body` is the first revision's Markdown text; `clauses`
    (ids) replaces the linked clauses."""

    number = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        help_text="Empty or absent on creation: the next number of the type's scheme.",
    )
    clauses = serializers.PrimaryKeyRelatedField(
        queryset=_clauses_queryset(), many=True, required=False, help_text="Clause ids."
    )
    body = serializers.CharField(
        required=False, allow_blank=True, help_text="Creation only: revision 1's Markdown text."
    )
    version = serializers.IntegerField(
        required=False, min_value=1, write_only=True, help_text=VERSION_HELP
    )

    class Meta:
        model = Document
        fields = [*DOCUMENT.fields, "clauses", "body", "version"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None and "body" in attrs:
            raise serializers.ValidationError(
                {"body": ["The text is a revision's: edit the draft revision instead."]}
            )
        return attrs


class RevisionSerializer(SpecReadSerializer):
    spec = REVISION
    document_number = serializers.CharField(source="document.number", read_only=True)
    document_title = serializers.CharField(source="document.title", read_only=True)
    author_email = serializers.EmailField(source="author.email", read_only=True)


class RevisionWriteSerializer(SpecWriteSerializer):
    spec = REVISION


class RevisionCreateSerializer(StrictModelSerializer):
    """Start the document's next revision (a draft copying the effective content)."""

    class Meta:
        model = DocumentRevision
        fields = ["document", *REVISION.fields]
        extra_kwargs = {name: {"required": False} for name in REVISION.fields}


class SignReviewSerializer(StrictSerializer):
    password = serializers.CharField(
        write_only=True,
        trim_whitespace=False,
        max_length=4096,
        help_text="The reviewer's password, re-entered to sign “reviewed”.",
    )


class RevisionFileSerializer(StrictSerializer):
    file = serializers.FileField(help_text="A PDF, DOCX or XLSX document, or an image.")


class DiffLineSerializer(serializers.Serializer):  # type: ignore[type-arg]
    kind = serializers.ChoiceField(choices=["added", "removed", "unchanged"])
    marker = serializers.CharField()
    text = serializers.CharField()
    old_number = serializers.IntegerField(allow_null=True)
    new_number = serializers.IntegerField(allow_null=True)


class RevisionDiffSerializer(serializers.Serializer):  # type: ignore[type-arg]
    old = serializers.IntegerField(help_text="The older revision's number.")
    new = serializers.IntegerField(help_text="The newer revision's number.")
    added = serializers.IntegerField()
    removed = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    lines = DiffLineSerializer(many=True)
