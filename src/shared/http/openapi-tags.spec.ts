import { OpenApiTagRegistry } from './openapi-tags.js';

describe('OpenApiTagRegistry', () => {
  it('lists tags by their order, then those without one in registration order', () => {
    const registry = new OpenApiTagRegistry();
    registry.register({ name: 'Later', description: 'Registered first, no order' });
    registry.register(
      { name: 'Second', description: 'Order 20', order: 20 },
      { name: 'First', description: '', order: 10 },
    );
    registry.register({ name: 'Last', description: 'No order either' });
    expect(registry.all().map((tag) => tag.name)).toEqual(['First', 'Second', 'JSON-LD', 'Later', 'Last']);
  });

  it('refuses a tag registered twice, whose descriptions would compete', () => {
    const registry = new OpenApiTagRegistry();
    registry.register({ name: 'Instances', description: 'One' });
    expect(() => registry.register({ name: 'Instances', description: 'Two' })).toThrow(/registered twice/);
  });
});
