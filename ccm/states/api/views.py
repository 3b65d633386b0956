"""Read-only membership API (v1). Parameters are validated by the shared forms
(ccm.api.params): a bad value answers 400 naming the parameter, an unknown State 404;
never 500."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from ccm.api.params import AS_OF, validated
from ccm.states import membership
from ccm.states.forms import SORTS, MembershipForm, StateFilterForm
from ccm.states.listing import state_rows
from ccm.states.models import State
from ccm.states.timeline import state_detail

from .serializers import (
    StateDetailSerializer,
    StateListItemSerializer,
    StateListSerializer,
    SummarySerializer,
    TimeseriesSerializer,
)

GROUPING = OpenApiParameter(
    "grouping", OpenApiTypes.STR, description="Grouping code, e.g. `ccm-region` or `arab-league`."
)


class SummaryView(APIView):
    @extend_schema(
        parameters=[AS_OF, GROUPING],
        responses=SummarySerializer,
        summary="Membership on a date",
        operation_id="membership_summary",
    )
    def get(self, request, *args, **kwargs):
        q = validated(MembershipForm, request)
        return Response(membership.summary(q["as_of"], q["grouping"] or None))


class TimeseriesView(APIView):
    @extend_schema(
        parameters=[GROUPING],
        responses=TimeseriesSerializer,
        summary="Counts over time, one point per date on which a count changes",
        operation_id="membership_timeseries",
    )
    def get(self, request, *args, **kwargs):
        q = validated(MembershipForm, request)
        return Response(membership.timeseries(q["grouping"] or None))


class StateListView(APIView):
    @extend_schema(
        parameters=[
            AS_OF,
            GROUPING,
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=["state_party", "in_force", "signatory", "not_party", "withdrawn"],
            ),
            OpenApiParameter(
                "group",
                OpenApiTypes.STR,
                description="Group code within the grouping, e.g. `africa`.",
            ),
            OpenApiParameter(
                "q", OpenApiTypes.STR, description="Part of the name, or the ISO3 code."
            ),
            OpenApiParameter("sort", OpenApiTypes.STR, enum=list(SORTS)),
        ],
        responses=StateListSerializer,
        summary="States with their status on a date",
        operation_id="states_list",
    )
    def get(self, request, *args, **kwargs):
        q = validated(StateFilterForm, request)
        rows = state_rows(
            q["as_of"],
            status=q["status"],
            group=q.get("group_obj"),
            q=q["q"],
            sort=q["sort"] or "name",
        )
        return Response(
            {
                "as_of": q["as_of"].isoformat(),
                "count": len(rows),
                "results": StateListItemSerializer(
                    rows, many=True, context={"request": request}
                ).data,
            }
        )


class StateDetailView(APIView):
    @extend_schema(
        parameters=[AS_OF],
        responses=StateDetailSerializer,
        summary="One State: acts, entry into force, status explained",
        operation_id="states_retrieve",
    )
    def get(self, request, iso3: str, *args, **kwargs):
        q = validated(MembershipForm, request)
        try:
            state = State.objects.with_acts().get(iso3=iso3.upper())
        except State.DoesNotExist:
            raise Http404(_("No State with ISO3 code “%(iso3)s”.") % {"iso3": iso3}) from None
        return Response(StateDetailSerializer(state_detail(state, q["as_of"])).data)
