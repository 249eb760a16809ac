"""The service's tables, as the original's models would have described them (Django does not manage them)."""

from django.db import models


class User(models.Model):
    id = models.BigAutoField(primary_key=True)
    username = models.CharField(max_length=32)
    username_key = models.CharField(max_length=32)
    email = models.CharField(max_length=254)
    phone = models.CharField(max_length=15)
    password_hash = models.CharField(max_length=255)
    first_name = models.CharField(max_length=64)
    last_name = models.CharField(max_length=64)
    avatar = models.CharField(max_length=255, null=True)
    is_star = models.BooleanField()
    token_version = models.IntegerField()
    updated_at = models.DateTimeField()

    class Meta:
        managed = False
        db_table = "user_account"


class Category(models.Model):
    id = models.BigAutoField(primary_key=True)
    cat_name = models.CharField(max_length=64)
    category_photo = models.CharField(max_length=255, null=True)

    class Meta:
        managed = False
        db_table = "category"


class Tag(models.Model):
    id = models.BigAutoField(primary_key=True)
    name = models.CharField(max_length=32)

    class Meta:
        managed = False
        db_table = "tag"


class Star(models.Model):
    user = models.OneToOneField(User, primary_key=True, db_column="user_id", on_delete=models.CASCADE)
    category = models.ForeignKey(Category, db_column="category_id", on_delete=models.PROTECT)
    price = models.DecimalField(max_digits=12, decimal_places=2)
    price_another = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    profession = models.CharField(max_length=128)
    description = models.TextField()
    days = models.IntegerField()
    top = models.BooleanField()
    rating = models.DecimalField(max_digits=2, decimal_places=1)
    rating_count = models.IntegerField()
    video_hi = models.CharField(max_length=255, null=True)
    created_at = models.DateTimeField()
    tags = models.ManyToManyField(Tag, through="StarTag")

    class Meta:
        managed = False
        db_table = "star"


class StarTag(models.Model):
    pk = models.CompositePrimaryKey("star_id", "tag_id")
    star = models.ForeignKey(Star, db_column="star_id", on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, db_column="tag_id", on_delete=models.CASCADE)
    position = models.IntegerField()

    class Meta:
        managed = False
        db_table = "star_tag"


class Like(models.Model):
    pk = models.CompositePrimaryKey("customer_id", "star_id")
    customer = models.ForeignKey(User, db_column="customer_id", on_delete=models.CASCADE)
    star = models.ForeignKey(Star, db_column="star_id", on_delete=models.CASCADE)
    created_at = models.DateTimeField()

    class Meta:
        managed = False
        db_table = "star_like"


class Order(models.Model):
    id = models.BigAutoField(primary_key=True)
    customer = models.ForeignKey(User, db_column="customer_id", on_delete=models.PROTECT)
    star = models.ForeignKey(Star, db_column="star_id", on_delete=models.PROTECT)
    order_type = models.CharField(max_length=64)
    price = models.DecimalField(max_digits=12, decimal_places=2)
    for_whom = models.CharField(max_length=128)
    comment = models.TextField()
    by_date = models.DateField(null=True)
    status = models.SmallIntegerField()
    decline_comment = models.CharField(max_length=500)
    payment_status = models.CharField(max_length=16)
    payment_id = models.CharField(max_length=64)
    payment_key = models.CharField(max_length=64)
    payment_url = models.TextField()
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        managed = False
        db_table = "star_order"
