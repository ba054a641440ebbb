import io
import random
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone
from PIL import Image, ImageDraw
from slugify import slugify

from bench.textgen import TextGenerator
from media.models import Image as LibraryImage
from news.models import Article, Department, Rubric, Tag
from portal import renditions
from portal.cache import invalidate_content

IMAGE_POOL = 12
TAG_POOL = 40


class Command(BaseCommand):
    help = "Generate realistic content in bulk for the benchmark (fast: bulk inserts)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--agreements", type=int, default=0)
        parser.add_argument("--events", type=int, default=0)
        parser.add_argument("--plans", type=int, default=0, help="cooperation plans, a year each")
        parser.add_argument("--plan-items", type=int, default=0, help="items, shared by the plans")
        parser.add_argument("--batch", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=2019)

    def handle(self, *args, **options):
        from tqdm import tqdm

        self.rng = random.Random(options["seed"])
        self.text = TextGenerator(options["seed"])
        self.progress = tqdm
        self.batch = options["batch"]
        if options["articles"]:
            self.generate_articles(options["articles"])
        if options["agreements"] or options["events"] or options["plans"]:
            from bench import partnerships_data
        if options["agreements"]:
            partnerships_data.generate_agreements(self, options["agreements"])
        if options["events"]:
            partnerships_data.generate_events(self, options["events"])
        if options["plans"]:
            partnerships_data.generate_plans(self, options["plans"], options["plan_items"])
        self.analyze()

    def generate_articles(self, count):
        rubrics = list(Rubric.objects.all()) or [
            Rubric.objects.create(name=name, slug=slugify(name))
            for name in ("Общество", "Экономика", "Культура", "Спорт", "Образование")
        ]
        department, _ = Department.objects.get_or_create(name="Управление информационной политики")
        tags = [Tag.objects.get_or_create(name=f"тема {n}")[0] for n in range(TAG_POOL)]
        images = self.image_pool()
        now = timezone.now()
        start = Article.objects.count()
        last_pk = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        with self.progress(total=count, desc="articles", unit="art") as bar:
            for offset in range(0, count, self.batch):
                size = min(self.batch, count - offset)
                articles = [
                    self.build_article(start + offset + i, rubrics, department, images, now)
                    for i in range(size)
                ]
                with transaction.atomic():
                    created = Article.objects.bulk_create(articles)
                    Article.tags.through.objects.bulk_create(
                        Article.tags.through(article_id=article.pk, tag_id=tag.pk)
                        for article in created
                        for tag in self.rng.sample(tags, self.rng.randint(0, 3))
                    )
                bar.update(size)
        Article.objects.filter(pk__gt=last_pk).update_search_vectors()
        invalidate_content()

    def build_article(self, number, rubrics, department, images, now):
        title = self.text.title()
        publish_at = now - timedelta(minutes=self.rng.randint(5, 10 * 365 * 24 * 60))
        status = Article.Status.PUBLISHED if self.rng.random() < 0.95 else Article.Status.DRAFT
        article = Article(
            title=title,
            slug=f"{slugify(title, max_length=80, word_boundary=True)}-{number}",
            lead=self.text.lead(),
            body=self.text.body(),
            rubric=self.rng.choice(rubrics),
            department=department,
            status=status,
            publish_at=publish_at,
            first_published_at=publish_at if status == Article.Status.PUBLISHED else None,
            featured=self.rng.random() < 0.01,
        )
        if self.rng.random() < 0.7:
            article.lead_image = self.rng.choice(images)
            article.lead_image_alt = "Иллюстрация к новости"
        return article

    def image_pool(self):
        """A few generated library images shared by many rows; renditions made once for each."""
        pool = []
        for index in range(IMAGE_POOL):
            name = f"bench/pool-{index}.jpg"
            width, height = 1600, 1000
            if not default_storage.exists(name):
                image = Image.new("RGB", (width, height), (20 * index % 255, 80, 140))
                ImageDraw.Draw(image).ellipse([200, 100, 900, 800], fill=(250, 250, 250))
                buffer = io.BytesIO()
                image.save(buffer, format="JPEG", quality=85)
                default_storage.save(name, ContentFile(buffer.getvalue()))
            library_image = LibraryImage.objects.filter(file=name).first()
            if library_image is None:
                library_image = LibraryImage.objects.create(
                    file=name, width=width, height=height, title=f"pool {index}"
                )
            renditions.make(LibraryImage._meta.label_lower, library_image.pk, "file", name)
            library_image.refresh_from_db()
            pool.append(library_image)
        return pool

    def analyze(self):
        """Compact tables and fresh planner statistics after the bulk load.

        The load inserts every row and then sets its search vector, which leaves half of
        each searched table dead; a portal that grew article by article reuses such space as
        it goes, so those tables are rewritten compactly (VACUUM FULL), then all analysed.
        """
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in ("news_article", "partnerships_agreement", "partnerships_event"):
                    cursor.execute(f'VACUUM FULL "{table}"')
                cursor.execute("VACUUM ANALYZE")
