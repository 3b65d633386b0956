"""Read-only deadline and extension-request API (v1)."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ccm.api.params import AS_OF, validated
from ccm.obligations.choices import (
    Article,
    DeadlineArticle,
    DeadlineFlag,
    DeadlineKind,
    DeadlineStatus,
    Decision,
)
from ccm.obligations.counts import destroyed_totals, obligation_counts
from ccm.obligations.forms import DeadlineFilterForm
from ccm.obligations.models import ExtensionRequest, Obligation, ObligationEvent, StockpileRecord
from ccm.obligations.querysets import deadlines_on, stockpile_records
from ccm.obligations.serialize import deadline_row


class DeadlineSerializer(serializers.Serializer):
    state = serializers.CharField()
    # The values only, as before: labels would add descriptions to the published schema.
    obligation = serializers.ChoiceField(choices=DeadlineKind.values)
    year = serializers.IntegerField(
        allow_null=True, help_text="Calendar year an annual report covers."
    )
    due = serializers.DateField(allow_null=True)
    original_due = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=DeadlineStatus.choices)
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
            OpenApiParameter("article", OpenApiTypes.INT, enum=DeadlineArticle.values),
            OpenApiParameter(
                "status", OpenApiTypes.STR, enum=[*DeadlineStatus.values, *DeadlineFlag.values]
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
        if q["article"] in Article.values:
            qs = qs.filter(obligation__article=q["article"])
        return Response(ExtensionRequestSerializer(qs, many=True).data)


class ArticleCountsSerializer(serializers.Serializer):
    with_obligation = serializers.IntegerField()
    outstanding = serializers.IntegerField()
    completed = serializers.IntegerField()
    extended = serializers.IntegerField()
    overdue = serializers.IntegerField()
    awaiting_decision = serializers.IntegerField()
    not_recorded = serializers.IntegerField()
    not_applicable = serializers.IntegerField()
    discovered_not_destroyed = serializers.IntegerField()


class DestroyedSerializer(serializers.Serializer):
    cluster_munitions = serializers.IntegerField()
    submunitions = serializers.IntegerField()
    states = serializers.IntegerField(help_text="How many States the recorded quantities cover.")
    approximate = serializers.BooleanField()


class ObligationCountsSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    art3 = ArticleCountsSerializer()
    art4 = ArticleCountsSerializer()
    destroyed = DestroyedSerializer(
        help_text="Quantities destroyed by the date, summed over the States whose figures are "
        "recorded (a partial sum)."
    )


class ObligationCountsView(APIView):
    @extend_schema(
        parameters=[AS_OF],
        responses=ObligationCountsSerializer,
        summary="States Parties with Article 3/4 obligations outstanding, completed, extended…",
        operation_id="obligation_counts",
    )
    def get(self, request, *args, **kwargs):
        q = validated(DeadlineFilterForm, request)
        on = q["as_of"]
        return Response(
            {
                "as_of": on.isoformat(),
                **obligation_counts(deadlines_on(on)),
                "destroyed": destroyed_totals(stockpile_records(), on),
            }
        )


class StockpileRecordSerializer(serializers.ModelSerializer):
    # Declared, not derived from the model: the derived range depends on the database backend.
    cluster_munitions = serializers.IntegerField(min_value=0, allow_null=True)
    submunitions = serializers.IntegerField(min_value=0, allow_null=True)
    sources = serializers.ListField(source="source_urls", child=serializers.CharField())

    class Meta:
        model = StockpileRecord
        fields = [
            "id",
            "kind",
            "on",
            "on_precision",
            "cluster_munitions",
            "submunitions",
            "qualifier",
            "destroyed_on",
            "destroyed_precision",
            "verified",
            "notes",
            "sources",
        ]


class EventSerializer(serializers.ModelSerializer):
    request = serializers.IntegerField(source="request.sequence", allow_null=True, default=None)
    meeting = serializers.CharField(source="meeting.code", allow_null=True, default=None)

    class Meta:
        model = ObligationEvent
        fields = ["kind", "request", "on", "meeting", "via", "recorded_at", "details"]


class ObligationSerializer(serializers.ModelSerializer):
    state = serializers.CharField(source="state.iso3")
    article = serializers.IntegerField(min_value=3, max_value=4)
    declared_to = serializers.CharField(source="declared_to.code", allow_null=True, default=None)
    sources = serializers.ListField(source="source_urls", child=serializers.CharField())
    stockpile_records = StockpileRecordSerializer(many=True)
    events = EventSerializer(many=True)

    class Meta:
        model = Obligation
        fields = [
            "state",
            "article",
            "basis",
            "status",
            "completed_on",
            "completed_precision",
            "completion_declared_on",
            "completion_declared_precision",
            "declared_to",
            "hostilities_ended_on",
            "verified",
            "notes",
            "sources",
            "stockpile_records",
            "events",
        ]


class ObligationListView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("state", OpenApiTypes.STR, description="ISO3 code"),
            OpenApiParameter("article", OpenApiTypes.INT, enum=Article.values),
        ],
        responses=ObligationSerializer(many=True),
        summary="Article 3 and 4 obligation facts: completion, quantities, lifecycle events",
        operation_id="obligations_list",
    )
    def get(self, request, *args, **kwargs):
        q = validated(DeadlineFilterForm, request)
        qs = Obligation.objects.select_related("state", "declared_to").prefetch_related(
            "stockpile_records",
            Prefetch("events", ObligationEvent.objects.select_related("request", "meeting")),
        )
        if q["state"]:
            qs = qs.filter(state__iso3=q["state"])
        if q["article"] in Article.values:
            qs = qs.filter(article=q["article"])
        return Response(ObligationSerializer(qs, many=True).data)
