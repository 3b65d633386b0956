"""Read-only deadline and extension-request API (v1)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ccm.obligations.choices import DeadlineStatusChoice, Decision
from ccm.obligations.forms import DeadlineFilterForm
from ccm.obligations.models import ExtensionRequest
from ccm.obligations.querysets import deadlines_on
from ccm.obligations.serialize import deadline_row
from ccm.states.api.views import AS_OF, validated


class DeadlineSerializer(serializers.Serializer):
    state = serializers.CharField()
    obligation = serializers.ChoiceField(
        choices=["art3.destruction", "art4.clearance", "art7.initial", "art7.annual"]
    )
    year = serializers.IntegerField(
        allow_null=True, help_text="Calendar year an annual report covers."
    )
    due = serializers.DateField(allow_null=True)
    original_due = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=DeadlineStatusChoice.choices)
    extended = serializers.BooleanField()
    days_left = serializers.IntegerField(allow_null=True)
    met_on = serializers.DateField(allow_null=True)
    explanation = serializers.CharField()


class DeadlineListSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    count = serializers.IntegerField()
    items = DeadlineSerializer(many=True)


class DeadlineListView(APIView):
    @extend_schema(
        parameters=[
            AS_OF,
            OpenApiParameter("state", OpenApiTypes.STR, description="ISO3 code"),
            OpenApiParameter("article", OpenApiTypes.INT, enum=[3, 4, 7]),
            OpenApiParameter(
                "status", OpenApiTypes.STR, enum=[*DeadlineStatusChoice.values, "extended"]
            ),
        ],
        responses=DeadlineListSerializer,
        summary="Deadlines of Articles 3, 4 and 7 with their status on a date",
        operation_id="deadlines_list",
    )
    def get(self, request, *args, **kwargs):
        q = validated(DeadlineFilterForm, request)
        items = deadlines_on(
            q["as_of"], iso3=q["state"] or None, article=q["article"], status=q["status"] or None
        )
        return Response(
            {
                "as_of": q["as_of"].isoformat(),
                "count": len(items),
                "items": [deadline_row(d) for d in items],
            }
        )


class ExtensionRequestSerializer(serializers.ModelSerializer):
    state = serializers.CharField(source="obligation.state.iso3")
    article = serializers.IntegerField(source="obligation.article")
    # Declared, not derived from the model: the derived range depends on the database backend.
    sequence = serializers.IntegerField(min_value=1)
    decided_at = serializers.CharField(source="decided_at.code", allow_null=True, default=None)
    decision = serializers.ChoiceField(choices=Decision.choices)
    sources = serializers.ListField(source="source_urls", child=serializers.CharField())

    class Meta:
        model = ExtensionRequest
        fields = [
            "state",
            "article",
            "sequence",
            "submitted_on",
            "submitted_precision",
            "requested_deadline",
            "requested_deadline_precision",
            "decided_at",
            "decision",
            "granted_deadline",
            "granted_deadline_precision",
            "verified",
            "notes",
            "sources",
        ]


class ExtensionRequestListView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("state", OpenApiTypes.STR, description="ISO3 code")],
        responses=ExtensionRequestSerializer(many=True),
        summary="Extension requests under Articles 3 and 4 and their decisions",
        operation_id="extension_requests_list",
    )
    def get(self, request, *args, **kwargs):
        q = validated(DeadlineFilterForm, request)
        qs = ExtensionRequest.objects.select_related("obligation__state", "decided_at").order_by(
            "obligation__state__name", "obligation__article", "sequence"
        )
        if q["state"]:
            qs = qs.filter(obligation__state__iso3=q["state"])
        if q["article"] in (3, 4):
            qs = qs.filter(obligation__article=q["article"])
        return Response(ExtensionRequestSerializer(qs, many=True).data)
