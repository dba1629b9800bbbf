from .join import compose
