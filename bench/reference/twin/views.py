import io
import os
import uuid
from decimal import Decimal
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from PIL import Image
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from twin.auth import issue
from twin.models import Category, Like, Order, Star, User
from twin.serializers import CategorySerializer, StarSerializer

_HASHER = PasswordHasher()


def _stars() -> QuerySet[Star]:
    return Star.objects.select_related("user").prefetch_related("tags").order_by("-top", "user_id")


def _page(request: Request, stars: QuerySet[Star]) -> Response:
    limit = min(int(request.query_params.get("limit", 100)), 500)
    offset = int(request.query_params.get("offset", 0))
    data = StarSerializer(stars[offset : offset + limit], many=True).data
    return Response(data, headers={"X-Total-Count": str(stars.count())})


@api_view(["GET"])
def categories(request: Request) -> Response:
    return Response(CategorySerializer(Category.objects.order_by("id"), many=True).data)


@api_view(["GET"])
def star_list(request: Request) -> Response:
    return _page(request, _stars())


@api_view(["GET"])
def star_by_category(request: Request) -> Response:
    category_id = int(request.query_params["id"])
    if not Category.objects.filter(pk=category_id).exists():
        return Response({"detail": "not found"}, status=404)
    return _page(request, _stars().filter(category_id=category_id))


@api_view(["GET"])
def star_by_id(request: Request) -> Response:
    star = _stars().filter(user_id=int(request.query_params["id"])).first()
    if star is None:
        return Response({"detail": "not found"}, status=404)
    return Response(StarSerializer(star).data | {"email": None, "phone": None})


@api_view(["POST"])
def login(request: Request) -> Response:
    name = str(request.data.get("login", ""))
    user = User.objects.filter(Q(email=name.lower()) | Q(username_key=name.lower())).first()
    try:
        verified = user is not None and _HASHER.verify(user.password_hash, str(request.data.get("password", "")))
    except VerificationError:
        verified = False
    if user is None or not verified:
        return Response({"detail": "invalid credentials"}, status=401)
    return Response({"id": user.id, "username": user.username, "token": issue(user)}, status=201)


@api_view(["POST"])
def place_order(request: Request) -> Response:
    if request.user is None:
        return Response({"detail": "not authenticated"}, status=401)
    star = Star.objects.filter(user_id=int(request.data["star_id"])).first()
    if star is None:
        return Response({"detail": "not found"}, status=404)
    now = timezone.now()
    order = Order.objects.create(
        customer=request.user,
        star=star,
        order_type="greeting",
        price=star.price or Decimal(0),
        for_whom=str(request.data.get("for_whom", ""))[:128],
        comment=str(request.data.get("comment", "")),
        status=0,
        decline_comment="",
        payment_status="none",
        payment_id="",
        payment_key="",
        payment_url="",
        created_at=now,
        updated_at=now,
    )
    return Response({"order_id": order.id, "message": "Заказ создан!"}, status=201)


@api_view(["POST"])
def like(request: Request) -> Response:
    if request.user is None:
        return Response({"detail": "not authenticated"}, status=401)
    star = Star.objects.filter(user_id=int(request.data["star_id"])).first()
    if star is None:
        return Response({"detail": "not found"}, status=404)
    try:
        with transaction.atomic():
            Like.objects.create(customer=request.user, star=star, created_at=timezone.now())
    except IntegrityError:
        return Response(["Лайк уже стоит"], status=403)
    return Response(["Оценка выставлена"], status=201)


@api_view(["POST"])
def avatar(request: Request) -> Response:
    user: Any = request.user
    if user is None:
        return Response({"detail": "not authenticated"}, status=401)
    upload = request.FILES["image"]
    content = upload.read()
    with Image.open(io.BytesIO(content)) as picture:
        picture.verify()
    name = f"avatars/{uuid.uuid4()}.png"
    path = settings.MEDIA_ROOT / name
    os.makedirs(path.parent, exist_ok=True)
    path.write_bytes(content)
    User.objects.filter(pk=user.id).update(avatar=name)
    return Response({"user_id": user.id, "image": f"/media/{name}"}, status=201)
