import { defineConfig } from 'vite';
import { lessonsPlugin } from './src/lessons/vite-plugin.ts';

export default defineConfig({
  plugins: [lessonsPlugin()],
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: { target: 'es2022' },
});
