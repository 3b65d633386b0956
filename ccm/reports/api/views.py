"""Read API of Article 7 reports and reporting status (v1). Reports are read through
Report.objects.visible_to(request.user): anonymous callers get public submitted reports
only; a token or session of ISU staff, a coordinator or the State's focal point also reads
restricted ones (and the State's drafts)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ccm.api.params import AS_OF, validated
from ccm.obligations.choices import DeadlineKind
from ccm.reports import reporting
from ccm.reports.choices import (
    Answer,
    Channel,
    Form,
    LineKind,
    ReportingStatus,
    ReportKind,
    ReportStatus,
    Visibility,
)
from ccm.reports.forms import OverdueForm, ReportFilterForm, StatusForm, filter_reports
from ccm.reports.models import Report

REPORT_DEADLINES = [DeadlineKind.INITIAL_REPORT.value, DeadlineKind.ANNUAL_REPORT.value]
"""The Article 7 deadline kinds an overdue report is of (the `report` field, the `kind` filter)."""

STATE = OpenApiParameter("state", OpenApiTypes.STR, description="ISO3 code")
YEAR = OpenApiParameter(
    "year", OpenApiTypes.INT, description="Calendar year an annual report covers."
)


class LineSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=LineKind.choices)
    label = serializers.CharField()
    cluster_munitions = serializers.IntegerField(allow_null=True)
    submunitions = serializers.IntegerField(allow_null=True)
    area_m2 = serializers.DecimalField(max_digits=16, decimal_places=1, allow_null=True)
    people = serializers.IntegerField(allow_null=True)
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    currency = serializers.CharField()
    partner = serializers.CharField()


class PartSerializer(serializers.Serializer):
    form = serializers.ChoiceField(choices=Form.choices)
    answer = serializers.ChoiceField(choices=Answer.choices)
    text = serializers.CharField()
    statement = serializers.CharField()
    unchanged_since = serializers.IntegerField(source="unchanged_since_id", allow_null=True)
    figures = LineSerializer(source="lines", many=True)


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.CharField(source="state.iso3")
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    year = serializers.IntegerField(allow_null=True)
    version = serializers.IntegerField(min_value=1)
    status = serializers.ChoiceField(choices=ReportStatus.choices)
    visibility = serializers.ChoiceField(choices=Visibility.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    period_from = serializers.DateField(allow_null=True)
    period_to = serializers.DateField(allow_null=True)
    submitted_on = serializers.DateField(allow_null=True)
    submitted_precision = serializers.CharField()
    verified = serializers.BooleanField()
    sources = serializers.ListField(source="source_urls", child=serializers.CharField())


class ReportDetailSerializer(ReportSerializer):
    contact = serializers.CharField()
    notes = serializers.CharField()
    parts = PartSerializer(many=True)


class ReportListView(APIView):
    @extend_schema(
        parameters=[
            STATE,
            YEAR,
            OpenApiParameter("kind", OpenApiTypes.STR, enum=ReportKind.values),
            OpenApiParameter("status", OpenApiTypes.STR, enum=ReportStatus.values),
            OpenApiParameter(
                "answered",
                OpenApiTypes.STR,
                enum=Form.values,
                description="Reports that answer this form.",
            ),
        ],
        responses=ReportSerializer(many=True),
        summary="Article 7 reports (every version) the caller may read",
        operation_id="reports_list",
    )
    def get(self, request, *args, **kwargs):
        q = validated(ReportFilterForm, request)
        qs = (
            filter_reports(Report.objects.visible_to(request.user), q)
            .select_related("state")
            .distinct()
        )
        qs = qs.order_by("state__name", "kind", "-year", "version")
        return Response(ReportSerializer(qs, many=True).data)


class ReportDetailView(APIView):
    @extend_schema(
        responses=ReportDetailSerializer,
        summary="One version of a report with its forms and figures",
        operation_id="reports_retrieve",
    )
    def get(self, request, pk: int, *args, **kwargs):
        qs = (
            Report.objects.visible_to(request.user)
            .select_related("state")
            .prefetch_related("parts__lines")
        )
        return Response(ReportDetailSerializer(get_object_or_404(qs, pk=pk)).data)


class RateSerializer(serializers.Serializer):
    due = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    missing = serializers.IntegerField()
    submitted = serializers.IntegerField()
    on_time_pct = serializers.FloatField(allow_null=True)
    submitted_pct = serializers.FloatField(allow_null=True)


class RatesSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    year = serializers.IntegerField()
    initial = RateSerializer(help_text="Initial reports due by the date.")
    initial_due_in_year = RateSerializer(help_text="Initial reports that fell due in the year.")
    annual = RateSerializer(help_text="Annual reports covering the year (due 30 April after it).")


REPORTING_STATUS = [("", ""), *ReportingStatus.choices]
"""A report's timeliness; empty where the State had no such report due."""


class StatusRowSerializer(serializers.Serializer):
    state = serializers.CharField()
    name = serializers.CharField()
    initial_due = serializers.CharField()
    initial_status = serializers.ChoiceField(choices=REPORTING_STATUS)
    initial_submitted_on = serializers.CharField()
    year = serializers.IntegerField()
    annual_due = serializers.CharField()
    annual_status = serializers.ChoiceField(choices=REPORTING_STATUS)
    annual_submitted_on = serializers.CharField()


class ReportingStatusTableSerializer(RatesSerializer):
    items = StatusRowSerializer(many=True)


def _rates(table) -> dict:
    return {
        "as_of": table.on.isoformat(),
        "year": table.year,
        "initial": table.initial.as_dict(),
        "initial_due_in_year": table.initial_year.as_dict(),
        "annual": table.annual.as_dict(),
    }


STATUS_PARAMS = [AS_OF, YEAR, STATE]


class ReportingStatusView(APIView):
    @extend_schema(
        parameters=STATUS_PARAMS,
        responses=ReportingStatusTableSerializer,
        summary="Reporting status of every State Party for a year, on a date, with the rates",
        operation_id="reporting_status",
    )
    def get(self, request, *args, **kwargs):
        q = validated(StatusForm, request)
        table = reporting.status_table(q["year"], q["as_of"], iso3=q["state"] or None)
        return Response({**_rates(table), "items": reporting.status_rows(table)})


class RatesView(APIView):
    @extend_schema(
        parameters=STATUS_PARAMS,
        responses=RatesSerializer,
        summary="Reporting rates for a year, on a date",
        operation_id="reporting_rates",
    )
    def get(self, request, *args, **kwargs):
        q = validated(StatusForm, request)
        return Response(
            _rates(reporting.status_table(q["year"], q["as_of"], iso3=q["state"] or None))
        )


class OverdueSerializer(serializers.Serializer):
    state = serializers.CharField()
    name = serializers.CharField()
    report = serializers.ChoiceField(choices=REPORT_DEADLINES)
    year = serializers.CharField(
        help_text="Calendar year an annual report covers (e.g. `2024`); empty for an initial one."
    )
    due = serializers.DateField()
    days_overdue = serializers.IntegerField()
    explanation = serializers.CharField()


class OverdueListSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    count = serializers.IntegerField()
    items = OverdueSerializer(many=True)


class OverdueView(APIView):
    @extend_schema(
        parameters=[
            AS_OF,
            STATE,
            OpenApiParameter("kind", OpenApiTypes.STR, enum=REPORT_DEADLINES),
        ],
        responses=OverdueListSerializer,
        summary="Reports past due with no submission recorded, on a date",
        operation_id="reporting_overdue",
    )
    def get(self, request, *args, **kwargs):
        q = validated(OverdueForm, request)
        items = reporting.overdue_reports(
            q["as_of"], iso3=q["state"] or None, kind=q["kind"] or None
        )
        return Response(
            {
                "as_of": q["as_of"].isoformat(),
                "count": len(items),
                "items": OverdueSerializer([o.as_row() for o in items], many=True).data,
            }
        )
