from django.db import migrations


def captions_describe_stored_pictures(apps, schema_editor):
    # Before alt texts existed, a picture's caption was its description (it was also read out as the
    # alt). Pictures stored with a caption keep that meaning ("the caption says enough"), so that
    # staff can keep editing published articles; a picture without a caption still asks for a
    # description when its article is next saved as published.
    Article = apps.get_model("news", "Article")
    ArticleImage = apps.get_model("news", "ArticleImage")
    Article.objects.exclude(cover_image="").exclude(cover_caption="").filter(cover_alt="").update(cover_decorative=True)
    ArticleImage.objects.exclude(caption="").filter(alt="").update(is_decorative=True)


class Migration(migrations.Migration):
    dependencies = [("news", "0012_picture_alt_text")]

    operations = [migrations.RunPython(captions_describe_stored_pictures, migrations.RunPython.noop)]
