"""API writes: the same forms, services, permissions and history as the editing pages.

Authentication: a personal token (`Authorization: Token …`, created on /accounts/tokens/)
or the session. A State's focal point writes only that State's records; another State's
records answer 404 like unknown ones. A change to an existing record must say which
version it changes: `If-Match` with the record's ETag (its `updated_at`), else 428; a
record changed since answers 412 with what changed, and nothing is saved.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ccm.accounts.access import access, state_for_edit
from ccm.edit.forms import ExtensionRequestForm, ObligationForm, StockpileRecordForm
from ccm.history.concurrency import EditConflict
from ccm.history.models import Via
from ccm.obligations import services
from ccm.obligations.choices import Article
from ccm.obligations.models import Obligation, StockpileRecord

from .views import ExtensionRequestSerializer, ObligationSerializer, StockpileRecordSerializer

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=True,
    description="The ETag of the record as you read it (GET answers it).",
)


def etag(obj) -> str:
    return f'"{obj.updated_at.isoformat()}"'


def if_match(request) -> str:
    value = request.headers.get("If-Match", "").strip()
    if not value:
        return ""
    return value.removeprefix("W/").strip('"')


def form_data(instance, body: dict, fields) -> dict:
    """The record's current values overlaid with the request body (PATCH semantics)."""
    data = {}
    if instance is not None:
        for name, value in model_to_dict(instance, fields=fields).items():
            data[name] = "" if value is None else value
    data.update({k: v for k, v in body.items() if k in fields})
    for name, value in list(data.items()):
        if isinstance(value, bool) and not value:
            data.pop(name)  # an unchecked box is an absent field in form data
    return data


def invalid(form) -> ValidationError:
    return ValidationError({k or "non_field_errors": v for k, v in form.errors.items()})


def conflict_response(exc: EditConflict) -> Response:
    return Response(
        {
            "detail": str(exc),
            "changed_by": exc.by,
            "changed_at": exc.at.isoformat() if exc.at else None,
            "changes": [c.__dict__ for c in exc.changes],
            "etag": etag(exc.obj),
        },
        status=status.HTTP_412_PRECONDITION_FAILED,
        headers={"ETag": etag(exc.obj)},
    )


def precondition_required() -> Response:
    return Response(
        {"detail": "Send If-Match with the record's ETag: a change must say what it changes."},
        status=status.HTTP_428_PRECONDITION_REQUIRED,
    )


def services_error(exc: DjangoValidationError) -> ValidationError:
    if hasattr(exc, "error_dict"):
        return ValidationError(exc.message_dict)
    return ValidationError({"non_field_errors": exc.messages})


class ObligationWriteView(APIView):
    """GET (public): one obligation with its ETag. PATCH: record or correct its facts."""

    def _obligation(self, request, iso3: str, article: int):
        st = state_for_edit(request.user, iso3)
        if article not in Article.values:
            raise ValidationError({"article": ["3 or 4"]})
        return st, Obligation.objects.filter(state=st, article=article).first()

    @extend_schema(
        responses=ObligationSerializer,
        summary="One State's Article 3 or 4 obligation, with its ETag",
        operation_id="obligation_detail",
    )
    def get(self, request, iso3: str, article: int):
        ob = get_object_or_404(
            Obligation.objects.select_related("state", "declared_to").prefetch_related(
                "stockpile_records", "events__request", "events__meeting"
            ),
            state__iso3=iso3.upper(),
            article=article,
        )
        return Response(ObligationSerializer(ob).data, headers={"ETag": etag(ob)})

    @extend_schema(
        parameters=[IF_MATCH],
        request=ObligationSerializer,
        responses={
            200: ObligationSerializer,
            201: ObligationSerializer,
            400: OpenApiResponse(description="A value breaks a rule; each field says why."),
            404: OpenApiResponse(description="No such State, or not yours to change."),
            412: OpenApiResponse(description="Changed since your ETag: what changed, by whom."),
            428: OpenApiResponse(description="If-Match missing."),
        },
        summary="Record or correct a State's Article 3 or 4 obligation facts",
        operation_id="obligation_write",
    )
    def patch(self, request, iso3: str, article: int):
        st, ob = self._obligation(request, iso3, article)
        expected = if_match(request)
        if ob is not None and not expected:
            return precondition_required()
        form = ObligationForm(
            form_data(ob, request.data, ObligationForm._meta.fields),
            state=st,
            article=article,
            staff=access(request.user).staff,
            instance=ob,
        )
        if not form.is_valid():
            raise invalid(form)
        try:
            saved = services.save_obligation(
                st,
                article,
                actor=request.user,
                via=Via.API,
                expected=(expected, None) if ob is not None else None,
                **form.facts(),
            )
        except EditConflict as exc:
            return conflict_response(exc)
        except DjangoValidationError as exc:
            raise services_error(exc) from None
        saved = Obligation.objects.select_related("state", "declared_to").get(pk=saved.pk)
        return Response(
            ObligationSerializer(saved).data,
            status=status.HTTP_200_OK if ob is not None else status.HTTP_201_CREATED,
            headers={"ETag": etag(saved)},
        )


class StockpileRecordCreateView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=StockpileRecordSerializer,
        responses={201: StockpileRecordSerializer},
        summary="Add a quantity to a State's Article 3 record",
        operation_id="stockpile_record_create",
    )
    def post(self, request, iso3: str):
        st = state_for_edit(request.user, iso3)
        ob = get_object_or_404(Obligation, state=st, article=3)
        form = StockpileRecordForm(
            form_data(None, request.data, StockpileRecordForm._meta.fields),
            obligation=ob,
            staff=access(request.user).staff,
        )
        if not form.is_valid():
            raise invalid(form)
        try:
            rec = services.save_stockpile_record(
                ob, actor=request.user, via=Via.API, **form.values()
            )
        except DjangoValidationError as exc:
            raise services_error(exc) from None
        return Response(
            {"id": rec.pk, **StockpileRecordSerializer(rec).data},
            status=status.HTTP_201_CREATED,
            headers={"ETag": etag(rec)},
        )


class StockpileRecordWriteView(APIView):
    """GET (public): one stockpile record with its ETag. PATCH: correct it."""

    @extend_schema(
        responses=StockpileRecordSerializer,
        summary="One stockpile record, with its ETag",
        operation_id="stockpile_record_detail",
    )
    def get(self, request, iso3: str, pk: int):
        rec = get_object_or_404(StockpileRecord, pk=pk, obligation__state__iso3=iso3.upper())
        return Response(StockpileRecordSerializer(rec).data, headers={"ETag": etag(rec)})

    @extend_schema(
        parameters=[IF_MATCH],
        request=StockpileRecordSerializer,
        responses={200: StockpileRecordSerializer},
        summary="Correct a stockpile record",
        operation_id="stockpile_record_write",
    )
    def patch(self, request, iso3: str, pk: int):
        st = state_for_edit(request.user, iso3)
        rec = get_object_or_404(StockpileRecord, pk=pk, obligation__state=st)
        expected = if_match(request)
        if not expected:
            return precondition_required()
        form = StockpileRecordForm(
            form_data(rec, request.data, StockpileRecordForm._meta.fields),
            obligation=rec.obligation,
            staff=access(request.user).staff,
            instance=rec,
        )
        if not form.is_valid():
            raise invalid(form)
        try:
            rec = services.save_stockpile_record(
                rec.obligation,
                record=rec,
                actor=request.user,
                via=Via.API,
                expected=(expected, None),
                **form.values(),
            )
        except EditConflict as exc:
            return conflict_response(exc)
        except DjangoValidationError as exc:
            raise services_error(exc) from None
        return Response(StockpileRecordSerializer(rec).data, headers={"ETag": etag(rec)})


class ExtensionRequestCreateView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=ExtensionRequestSerializer,
        responses={201: ExtensionRequestSerializer},
        summary="Submit an extension request (Art. 3(3), 4(5))",
        operation_id="extension_request_create",
    )
    def post(self, request, iso3: str, article: int):
        st = state_for_edit(request.user, iso3)
        ob = get_object_or_404(Obligation, state=st, article=article)
        form = ExtensionRequestForm(
            form_data(None, request.data, ExtensionRequestForm._meta.fields), obligation=ob
        )
        if not form.is_valid():
            raise invalid(form)
        data = form.cleaned_data
        try:
            req = services.submit_extension_request(
                ob,
                submitted_on=data["submitted_on"],
                requested_deadline=data["requested_deadline"],
                actor=request.user,
                via=Via.API,
                source_url=data["source_url"],
                notes=data["notes"],
            )
        except DjangoValidationError as exc:
            raise services_error(exc) from None
        return Response(ExtensionRequestSerializer(req).data, status=status.HTTP_201_CREATED)
