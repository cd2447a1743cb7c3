package dev.imagegen.common.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.events.JobEvent.StoredImage;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.List;

/**
 * A job's stored images as one JSON text column, in the events' own shape: read back whole, never queried by part
 * (generation's jobs, chat's replies).
 */
@Converter
public class StoredImagesConverter implements AttributeConverter<List<StoredImage>, String> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<StoredImage>> IMAGES = new TypeReference<>() {
    };

    @Override
    public String convertToDatabaseColumn(List<StoredImage> images) {
        try {
            return images == null ? null : JSON.writeValueAsString(images);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a job's stored images", e);
        }
    }

    @Override
    public List<StoredImage> convertToEntityAttribute(String column) {
        try {
            return column == null ? null : JSON.readValue(column, IMAGES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read a job's stored images", e);
        }
    }
}
