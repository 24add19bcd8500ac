import factory


def backdated(field: str = "created_at") -> factory.PostGeneration:
    """A hook for a timestamp the database fills itself (``auto_now_add``):
    ``SomeFactory(created_at=moment)`` writes ``moment`` over it after the insert."""

    def write(obj, create, extracted, **kwargs):
        if extracted is None:
            return
        setattr(obj, field, extracted)
        if create:
            type(obj).objects.filter(pk=obj.pk).update(**{field: extracted})

    return factory.PostGeneration(write)
