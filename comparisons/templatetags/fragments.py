"""`{% fragment %}`: a part of the results partial rendered once for every member whose answers show the same.

    {% load fragments %}
    {% fragment "results-price" r.price_section form.cleaned_data.rank with r=r %}…{% endfragment %}

- The name, then the *key parts*: everything the body shows besides the catalogue's own facts (with the
  catalogue's version, which the tag adds from `catalogue_token`). Two renders with equal parts must print
  the same HTML.
- `with name=value …`: the variables the body reads that can hold the member's words (the revenue, the
  links carrying the answers); they are given to the body, and the key parts are digested, with the
  member's revenue masked (comparisons.compare.fragments.Holes, from the `member_holes` context variable),
  and the member's own words are put back into the copy served. The key parts must then hold the member's
  words only through those variables. A fragment without `with` masks nothing: its parts are its key.
- `enclosing`: a fragment made of fragments. Its body reads the member's words only inside the
  fragments it holds, which are given them; its key parts are theirs (and the few words around them), so
  its key masks the member's revenue as theirs do, and while it renders masked the fragments inside give
  it their masked text (the context flag KEEP_MASKED) for it to unmask once, as a whole.
- `using="alias"`: the cache (default "sections": each process's own memory).

Without a catalogue version (rows written by hand) the body is rendered every time, unmasked. A masked
render that still shows the member's revenue's words (a catalogue text equal to them, such as the pamphlet's
quote of a 保険料例 for exactly that revenue; a template constant; a variable the tag was not given) or
whose placeholder was damaged is not kept: the fragment is rendered with the member's own words and kept
under its parts as they are, for the members whose parts are exactly the same. Inside a masked render
(an enclosing fragment's, or any fragment's) a fragment gives its masked text, or the member's own words
when it had to keep them: the enclosing render then shows them and is itself not kept masked.
"""

from __future__ import annotations

import hashlib

from django import template
from django.core.cache import caches
from django.template.base import token_kwargs
from django.utils.safestring import mark_safe

register = template.Library()

TIMEOUT = 60 * 60  # seconds; the key changes with the catalogue and with what is shown


# Set while a fragment renders from masked data: the fragments inside it return their masked text, for the
# render around them to unmask (or, seeing the member's words in it, not to keep).
KEEP_MASKED = "_fragment_keep_masked"


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, parts, given, using, enclosing=False):
        self.nodelist = nodelist
        self.name = name
        self.parts = parts
        self.given = given
        self.using = using
        self.enclosing = enclosing

    def _render(self, context, values: dict, *, masked: bool) -> str:
        with context.push(**values, **{KEEP_MASKED: masked}):
            return self.nodelist.render(context)

    def render(self, context) -> str:
        values = {name: value.resolve(context) for name, value in self.given.items()}
        token = context.get("catalogue_token")
        if not token:
            return self._render(context, values, masked=False)
        name = self.name.resolve(context)
        parts = [part.resolve(context) for part in self.parts]
        cache = caches[self.using.resolve(context) if self.using else "sections"]
        # Inside a masked render (an enclosing fragment's), give the masked text: the render around
        # unmasks it with the rest.
        inside_masked = bool(context.get(KEEP_MASKED))
        # Only a fragment given the member's words, or made of such fragments, masks them.
        holes = context.get("member_holes") if self.given or self.enclosing else None
        if holes:
            key = f"fragment:{name}:{token}:masked:{holes.key(*parts)}"
            kept = cache.get(key)
            if kept is not None:
                if inside_masked:
                    return mark_safe(kept)
                if (text := holes.unmask(kept)) is not None:
                    return mark_safe(text)
        # The parts as they are: the key of a fragment that masks nothing, and of one whose masked render
        # still showed the member's words (kept with them, for the members who typed the same).
        plain = f"fragment:{name}:{token}:{hashlib.sha256(repr(parts).encode()).hexdigest()}"
        kept = cache.get(plain)
        if kept is not None:
            return mark_safe(kept)
        if holes:
            masked = self._render(context, {n: holes.mask(value) for n, value in values.items()}, masked=True)
            text = holes.unmask(masked)
            if text is not None and not holes.shown_in(masked):
                cache.set(key, masked, TIMEOUT)
                return mark_safe(masked if inside_masked else text)
        text = self._render(context, values, masked=False)
        cache.set(plain, text, TIMEOUT)
        return mark_safe(text)


@register.tag("fragment")
def fragment(parser, token):
    """{% fragment "name" part … [with name=value … | enclosing] [using="alias"] %}…{% endfragment %}"""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    name = parser.compile_filter(bits[1])
    rest = bits[2:]
    using = None
    if rest and rest[-1].startswith("using="):
        using = parser.compile_filter(rest.pop()[len("using=") :])
    enclosing = bool(rest) and rest[-1] == "enclosing"
    if enclosing:
        rest.pop()
    given = {}
    if "with" in rest:
        at = rest.index("with")
        kwargs = rest[at + 1 :]
        given = token_kwargs(kwargs, parser)
        if kwargs or not given:
            raise template.TemplateSyntaxError("{% fragment … with %} takes name=value pairs")
        rest = rest[:at]
    parts = [parser.compile_filter(bit) for bit in rest]
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    if enclosing and given:
        raise template.TemplateSyntaxError("{% fragment … enclosing %} is given nothing: its fragments are")
    return FragmentNode(nodelist, name, parts, given, using, enclosing)
