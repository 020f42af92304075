"""`dti serve`: the review queue officials use and the read API the scoring engine reads.

Server-rendered pages (Jinja, autoescaped) and one small script of our own, all from this
server: a Content-Security-Policy on every answer forbids any other source. The queue
(`/review`) lists what needs a person, most consequential first; an item (`/review/item`)
shows the value as read beside the crop of its page, and a correction is one click or key.
The JSON API (`/api/...`, described at `/docs`) gives documents, records as reviewed,
coverage, omissions, the scores feed and the queue, and takes corrections
(`POST /api/corrections`). Where a token is set, only a request carrying it writes.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from pipeline import api
from pipeline.errors import CorrectionError, DtiError, InputFileError
from pipeline.extract.page_image import page_crop
from pipeline.load import corrections as correction_data
from pipeline.load.review import KINDS, Filters
from pipeline.load.warehouse import is_postgres_url, redacted
from pipeline.models import Box, ReviewItem

STATIC = Path(__file__).with_name("static")
POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
# Swagger UI (the OpenAPI page) sets styles inline; it is served from here all the same.
DOCS_POLICY = POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace(
    "img-src 'self'", "img-src 'self' data:"
)
TOKEN_COOKIE = "dti_token"
# The review kinds as the pages name them (`review.KINDS` says what each is).
KIND_LABELS = {
    "total_disagrees": "Tổng điểm không khớp",
    "unread_figure": "Số liệu OCR chưa đọc được",
    "code_doubtful": "Mã số sai thứ tự, chưa rõ",
    "code_replaced": "Mã số được thay theo thứ tự",
    "match_review": "Chỉ số cần xác nhận",
    "low_confidence": "Dòng OCR độ tin cậy thấp",
}


@dataclass(frozen=True)
class ServeSettings:
    """What `dti serve` was started with: the warehouse, the write token, the frameworks."""

    db: str
    token: str | None = None
    frameworks_dirs: tuple[Path, ...] = ()


class CorrectionIn(BaseModel):
    """A correction of one field of one record (`pipeline.load.corrections` lists the fields)."""

    document_sha256: str = Field(description="the document's sha256, as /api/records gives it")
    position: int = Field(description="the record's position in its document")
    field: str = Field(
        description="printed_code, indicator_code, period, status, subject, ocr_confidence, "
        "figures.N.value, figures.N.numerator, figures.N.denominator or fields.NAME"
    )
    value: Any = Field(description="the new value; the value as read to accept it as read")
    note: str | None = None
    reviewer: str | None = Field(default=None, description="who decided; 'api' when not given")
    based_on: str | None = Field(
        default=None,
        description="the correction_id the reviewer saw as current for this field (null for none); "
        "given, a field corrected by someone else since is refused with 409",
    )


def create_app(settings: ServeSettings) -> FastAPI:
    """The application over the warehouse at `settings.db`."""
    app = FastAPI(
        title="dti review", version="1", docs_url=None, redoc_url=None,
        description="Records as reviewed, coverage, omissions, the scores feed and corrections of the "
        "dti warehouse. Every value keeps the value as read beside it.",
    )  # fmt: skip
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/swagger", StaticFiles(directory=_swagger_files()), name="swagger")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        docs = request.url.path == "/docs" or request.url.path.startswith("/swagger/")
        response.headers["Content-Security-Policy"] = DOCS_POLICY if docs else POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.exception_handler(CorrectionError)
    def correction_refused(request: Request, error: CorrectionError) -> JSONResponse:
        return JSONResponse({"detail": error.message}, status_code=error.http_status)

    @app.exception_handler(DtiError)
    def dti_error(request: Request, error: DtiError) -> JSONResponse:
        return JSONResponse({"detail": error.message}, status_code=503 if error.exit_code == 6 else 400)

    # ------------------------------------------------------------------ pages

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/review")

    @app.get("/review", response_class=HTMLResponse, include_in_schema=False)
    def review_page(
        request: Request, unit: str | None = None, year: str | None = None, framework: str | None = None,
        document: str | None = None, kind: str | None = None,
    ) -> HTMLResponse:  # fmt: skip
        filters = _filters(unit, year, framework, document, kind)
        items = api.review_queue(settings.db, filters, settings.frameworks_dirs)
        everything = items  # the filter menus offer every unit, year and framework
        if filters != Filters():
            everything = api.review_queue(settings.db, Filters(), settings.frameworks_dirs)
        query = _query(filters)
        return _page("review.html.j2", request, settings, items=items, filters=filters, kinds=KINDS,
                     counts={k: sum(1 for i in items if i.kind == k) for k in KINDS}, query=query,
                     units=sorted({i.subject for i in everything if i.subject}),
                     years=sorted({i.period for i in everything if i.period}),
                     frameworks=sorted({i.framework for i in everything if i.framework}))  # fmt: skip

    @app.get("/review/item", response_class=HTMLResponse, include_in_schema=False)
    def item_page(
        request: Request, key: str, unit: str | None = None, year: str | None = None,
        framework: str | None = None, document: str | None = None, kind: str | None = None,
    ) -> HTMLResponse:  # fmt: skip
        filters = _filters(unit, year, framework, document, kind)
        items = api.review_queue(settings.db, filters, settings.frameworks_dirs)
        keys = [i.key for i in items]
        if key not in keys:
            return _page("item_done.html.j2", request, settings, query=_query(filters),
                         next_key=keys[0] if keys else None)  # fmt: skip
        at = keys.index(key)
        item = items[at]
        record = api.records(settings.db, document_sha256=item.document_sha256, position=item.position)
        return _page("item.html.j2", request, settings, item=item, at=at, total=len(items),
                     query=_query(filters),
                     next_key=keys[at + 1] if at + 1 < len(keys) else None,
                     previous_key=keys[at - 1] if at > 0 else None,
                     record=record[0] if record else None,
                     positions=",".join(map(str, item.row_positions or (item.position,))),
                     crop=item.page is not None and item.format in _PAGED)  # fmt: skip

    @app.get("/crop", include_in_schema=False)
    def crop(document: str, position: int) -> Response:
        rows = api.records(settings.db, document_sha256=document, position=position)
        if not rows or rows[0]["page"] is None:
            raise HTTPException(404, "no page for that record")
        row = rows[0]
        box: Box | None = tuple(row["box"]) if row["box"] else None  # type: ignore[assignment]
        try:
            png = page_crop(Path(row["source_path"]), document, row["page"], box)
        except InputFileError as error:
            raise HTTPException(404, error.message) from error
        return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request, next: str = "/review") -> HTMLResponse:
        return _page("login.html.j2", request, settings, next=next if next.startswith("/") else "/review")

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        form = await request.form()
        given, target = str(form.get("token", "")), str(form.get("next", "/review"))
        if not _token_ok(settings, given):
            return _page("login.html.j2", request, settings, next=target, refused=True, status=403)
        response = RedirectResponse(target if target.startswith("/") else "/review", status_code=303)
        response.set_cookie(TOKEN_COOKIE, given, httponly=True, samesite="strict")
        return response

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(_templates().get_template("docs.html.j2").render())

    # ------------------------------------------------------------------ API

    @app.get("/api/documents", tags=["read"])
    def documents(province: str | None = None, year: int | None = None) -> list[dict[str, Any]]:
        """The documents loaded: letterhead, framework, status, pages, what was left out."""
        return _dicts(api.documents(settings.db, province, year))

    @app.get("/api/records", tags=["read"])
    def records(
        document_sha256: str | None = None, position: int | None = None, subject: str | None = None,
        period: int | None = None, framework: str | None = None,
        limit: int = Query(1000, ge=1, le=10000), offset: int = Query(0, ge=0),
    ) -> list[dict[str, Any]]:  # fmt: skip
        """Records as reviewed: every correction applied (`corrected` names the fields) and listed
        (`corrections`), each figure with its `value_as_read`."""
        found = api.records(settings.db, document_sha256, subject, period, framework, limit, offset, position)
        return jsonable_encoder(found)

    @app.get("/api/coverage", tags=["read"])
    def coverage(province: str | None = None, year: int | None = None) -> list[dict[str, Any]]:
        """Every indicator of each plan's framework per unit: present, uncertain or omitted."""
        return _dicts(api.export(settings.db, "coverage", province, year))

    @app.get("/api/omissions", tags=["read"])
    def omissions(province: str | None = None, year: int | None = None) -> list[dict[str, Any]]:
        """What each unit's plan of a year leaves out."""
        return _dicts(api.export(settings.db, "omissions", province, year))

    @app.get("/api/scores", tags=["read"])
    def scores(
        province: str | None = None, year: int | None = None, subject: str | None = None
    ) -> list[dict[str, Any]]:
        """The scores feed (schemas/score_item.schema.json), corrections applied: a corrected
        value carries a `corrected` check in `check_details`."""
        columns, rows = api.scores(settings.db, province, year, subject, settings.frameworks_dirs)
        out = [dict(zip(columns, row, strict=True)) for row in rows]
        for item in out:
            details = json.loads(item["check_details"] or "[]")
            item["check_details"] = details
            item["corrected"] = any(check["code"] == "corrected" for check in details)
        return jsonable_encoder(out)

    @app.get("/api/review", tags=["review"])
    def review_items(
        unit: str | None = None, year: int | None = None, framework: str | None = None,
        document: str | None = None, kind: str | None = None,
    ) -> list[dict[str, Any]]:  # fmt: skip
        """The review queue, most consequential first; `kind` one of total_disagrees,
        unread_figure, code_doubtful, code_replaced, match_review, low_confidence."""
        filters = _filters(unit, str(year) if year else None, framework, document, kind)
        items = api.review_queue(settings.db, filters, settings.frameworks_dirs)
        return [_item_json(item) for item in items]

    @app.get("/api/corrections", tags=["review"])
    def list_corrections(
        document_sha256: str | None = None, state: str | None = None
    ) -> list[dict[str, Any]]:
        """The corrections stored; `state=orphaned` lists those a re-extraction could not place again."""
        if state not in (None, "placed", "orphaned"):
            raise HTTPException(422, "state is 'placed' or 'orphaned'")
        return [correction_data.to_dict(c) for c in api.list_corrections(settings.db, document_sha256, state)]

    @app.post("/api/corrections", status_code=201, tags=["review"])
    def post_correction(request: Request, correction: CorrectionIn) -> dict[str, Any]:
        """Store a correction and return it (201). 404: no such record; 422: an unknown field or
        a value of the wrong type, with what is accepted; 409: corrected by someone else since
        `based_on`; 401: a token is set and the request does not carry it."""
        _require_token(settings, request)
        given = "based_on" in correction.model_fields_set
        based_on = correction.based_on if given else correction_data.NOT_GIVEN
        stored = api.correct(
            settings.db, correction.document_sha256, correction.position, correction.field, correction.value,
            (correction.reviewer or "").strip() or "api", correction.note, based_on,
        )  # fmt: skip
        return correction_data.to_dict(stored)

    return app


_PAGED = {"pdf", "tiff", "jpeg", "png"}  # formats whose pages pdfium renders


def _filters(unit: str | None, year: str | None, framework: str | None, document: str | None,
             kind: str | None) -> Filters:  # fmt: skip
    if kind and kind not in KINDS:
        raise HTTPException(422, f"kind is one of {', '.join(KINDS)}")
    period = int(year) if year and year.strip().isdigit() else None
    return Filters(subject=unit or None, period=period, framework=framework or None,
                   document=document or None, kind=kind or None)  # fmt: skip


def _query(filters: Filters) -> str:
    """The filters as a query string, carried from item to item."""
    pairs = {"unit": filters.subject, "year": filters.period, "framework": filters.framework,
             "document": filters.document, "kind": filters.kind}  # fmt: skip
    return urlencode({k: v for k, v in pairs.items() if v not in (None, "")})


def _item_json(item: ReviewItem) -> dict[str, Any]:
    out = asdict(item)
    out["key"] = item.key
    out["box"] = list(item.box) if item.box else None
    out["row_positions"] = list(item.row_positions)
    return out


def _dicts(rows: tuple[list[str], list[tuple[Any, ...]]]) -> list[dict[str, Any]]:
    columns, values = rows
    return jsonable_encoder([dict(zip(columns, row, strict=True)) for row in values])


def _token_ok(settings: ServeSettings, given: str | None) -> bool:
    if settings.token is None:
        return True
    return given is not None and hmac.compare_digest(given.encode(), settings.token.encode())


def _require_token(settings: ServeSettings, request: Request) -> None:
    """Writes need the token where one is set: `Authorization: Bearer TOKEN`, or the cookie
    the login page sets (SameSite=Strict, so another site's page cannot send it)."""
    if settings.token is None:
        return
    header = request.headers.get("authorization", "")
    bearer = header.startswith("Bearer ")
    given = header.removeprefix("Bearer ").strip() if bearer else request.cookies.get(TOKEN_COOKIE)
    if not _token_ok(settings, given):
        raise HTTPException(401, "this server takes corrections only with its token: send "
                            "'Authorization: Bearer TOKEN', or sign in at /login")  # fmt: skip


@cache
def _templates() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline.web", "templates"), autoescape=True, keep_trailing_newline=True
    )
    environment.filters["basename"] = lambda path: Path(path).name if path else ""
    environment.globals["labels"] = KIND_LABELS
    return environment


def _page(
    name: str, request: Request, settings: ServeSettings, status: int = 200, **values: Any
) -> HTMLResponse:
    needs_login = settings.token is not None and not _token_ok(settings, request.cookies.get(TOKEN_COOKIE))
    shown = redacted(settings.db)  # a PostgreSQL URL without its password; a DuckDB file by its name
    html = _templates().get_template(name).render(
        source=shown if is_postgres_url(settings.db) else Path(settings.db).name, source_full=shown,
        needs_login=needs_login, path=request.url.path, **values,
    )
    return HTMLResponse(html, status_code=status)


def _swagger_files() -> str:
    from swagger_ui_bundle import swagger_ui_path

    return str(swagger_ui_path)

