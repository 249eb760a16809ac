from typing import Any

from rest_framework import serializers

from twin.models import Category, Like, Star


class CategorySerializer(serializers.ModelSerializer[Category]):
    class Meta:
        model = Category
        fields = ["id", "cat_name", "category_photo"]


class StarSerializer(serializers.ModelSerializer[Star]):
    """A star as the original listed it: its likes counted with a query of their own, per star."""

    id = serializers.IntegerField(source="user_id")
    username = serializers.CharField(source="user.username")
    first_name = serializers.CharField(source="user.first_name")
    last_name = serializers.CharField(source="user.last_name")
    avatar = serializers.CharField(source="user.avatar")
    cat_name_id = serializers.IntegerField(source="category_id")
    cat_name_id_id = serializers.IntegerField(source="category_id")
    rating = serializers.FloatField()
    likes = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField()
    video = serializers.CharField(source="video_hi")
    is_star = serializers.SerializerMethodField()

    class Meta:
        model = Star
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "price",
            "price_another",
            "cat_name_id",
            "cat_name_id_id",
            "rating",
            "rating_count",
            "likes",
            "days",
            "profession",
            "description",
            "tags",
            "top",
            "avatar",
            "video",
            "is_star",
        ]

    def get_likes(self, star: Star) -> int:
        return Like.objects.filter(star_id=star.user_id).count()

    def get_tags(self, star: Star) -> list[str]:
        return [tag.name for tag in star.tags.all()]

    def get_is_star(self, _: Any) -> bool:
        return True
