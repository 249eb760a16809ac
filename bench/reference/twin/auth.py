"""The service's own bearer tokens (PyJWT, HS256, the same key), so that both are called the same way."""

import os
from typing import Any

import jwt
from rest_framework import authentication, exceptions

from twin.models import User

_KEY = os.environ["TWIN_TOKEN_KEY"]


class BearerAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request: Any) -> tuple[User, str] | None:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            return None
        try:
            claims = jwt.decode(token, _KEY, algorithms=["HS256"], issuer="mystar")
            user = User.objects.get(pk=int(claims["sub"]))
        except (jwt.InvalidTokenError, User.DoesNotExist, KeyError, ValueError) as error:
            raise exceptions.AuthenticationFailed("invalid token") from error
        return user, token


def issue(user: User) -> str:
    return jwt.encode({"sub": str(user.id), "ver": user.token_version, "iss": "mystar"}, _KEY, algorithm="HS256")
